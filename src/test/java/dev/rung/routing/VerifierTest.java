package dev.rung.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;
import dev.rung.support.LeadTypes;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A verifier catches what the checks cannot: a valid, wrong answer. On the simulator, nano answers
 * every lead wrong and nothing in the answer shows it; the judge (mini) rejects the draft, the
 * ladder climbs, and the judge's calls are attempts of their own, in the task's cost.
 */
class VerifierTest extends IntegrationTest {

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aJudgeStopsAWrongNanoAnswerAndItsCostIsInTheTasks() throws IOException {
        String slug =
                define(
                        "lead-judged",
                        """
                        {"kind":"model","model":"gpt-5.4-mini","instructions":"Check the label above all."}\
                        """);
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 1.0)));

        JsonNode task = submit(slug, 1);

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        List<String> outcomes = new ArrayList<>();
        task.path("attempts").forEach(a -> outcomes.add(a.path("outcome").asString()));
        assertThat(outcomes).containsExactly("pass", "verifier_rejected", "pass", "verified");
        JsonNode attempts = task.path("attempts");
        assertThat(attempts.get(0).path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(attempts.get(0).path("detail").path("next").asString()).isEqualTo("verify");
        assertThat(attempts.get(1).path("model").asString()).isEqualTo("gpt-5.4-mini");
        assertThat(attempts.get(1).path("rung").asInt()).isEqualTo(1);
        assertThat(attempts.get(1).path("detail").path("reason").asString()).contains("label");
        assertThat(attempts.get(1).path("detail").path("next").asString()).isEqualTo("next_rung");
        assertThat(attempts.get(3).path("detail").path("next").asString()).isEqualTo("accept");
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode attempt : attempts) {
            assertThat(attempt.path("costUsd").decimalValue()).isPositive();
            sum = sum.add(attempt.path("costUsd").decimalValue());
        }
        assertThat(task.path("costUsd").decimalValue()).isEqualByComparingTo(sum);
    }

    @Test
    void theLastRungIsNotVerifiedUnlessAsked() throws IOException {
        String slug =
                define(
                        "lead-judged-mini",
                        "{\"kind\":\"model\",\"model\":\"gpt-5.4\"}",
                        "mini-only");
        simulatorFaults(Map.of("gpt-5.4-mini", Map.of("wrong", 1.0)));

        JsonNode task = submit(slug, 2);

        assertThat(task.path("attempts")).hasSize(1);
        assertThat(task.path("attempts").get(0).path("outcome").asString()).isEqualTo("pass");
    }

    @Test
    void aSecondSampleThatDisagreesLeavesTheDraftUnverified() throws IOException {
        String slug =
                define("lead-sampled", "{\"kind\":\"self-consistency\",\"agreeOn\":[\"label\"]}");
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 0.5)));

        List<String> firstVerdicts = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            JsonNode task = submit(slug, 10 + n);
            assertThat(task.path("status").asString()).isEqualTo("succeeded");
            JsonNode verdict = task.path("attempts").get(1);
            assertThat(verdict.path("model").asString()).isEqualTo("gpt-5.4-nano");
            firstVerdicts.add(verdict.path("outcome").asString());
            if (verdict.path("outcome").asString().equals("verifier_rejected")) {
                assertThat(verdict.path("detail").path("reason").asString())
                        .isEqualTo("a second sample disagreed on label");
            }
        }
        assertThat(firstVerdicts).contains("verified", "verifier_rejected");
    }

    @Test
    void aVerifierWithoutItsModelOrFieldsIsRefused() throws IOException {
        ObjectNode definition = lead("lead-bad-verifier");
        definition.set("verifier", json.readTree("{\"kind\":\"self-consistency\"}"));
        var refused = post("/v1/task-types", definition.toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("/verifier/agreeOn");
        definition.set("verifier", json.readTree("{\"kind\":\"model\"}"));
        assertThat(post("/v1/task-types", definition.toString()).body())
                .contains("/verifier/model");
    }

    private String define(String slug, String verifier) throws IOException {
        return define(slug, verifier, null);
    }

    /** Defines the type under a fresh name (types are versioned, never deleted); returns it. */
    private String define(String slug, String verifier, String policy) throws IOException {
        ObjectNode definition = lead(slug);
        definition.set("verifier", json.readTree(verifier));
        if (policy != null) {
            definition
                    .putObject("tiers")
                    .put("default", "B")
                    .putObject("policies")
                    .put("B", policy);
        }
        var created = post("/v1/task-types", definition.toString());
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        return definition.path("slug").asString();
    }

    /** The shipped lead type under another name, without a confidence check. */
    private static ObjectNode lead(String slug) throws IOException {
        ObjectNode definition =
                LeadTypes.named(slug + "-" + UUID.randomUUID().toString().substring(0, 6));
        definition.remove("confidence");
        return definition;
    }

    private JsonNode submit(String slug, int n) {
        return body(
                post(
                        "/v1/tasks/" + slug,
                        """
                        {"subjectId":"judged-%d","input":{"email":"cto%d@bigco%d.com","title":"CTO","companySize":800,"message":"We need a quote for 40 seats."}}\
                        """
                                .formatted(n, n, n)));
    }
}
