package dev.rung.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A pricing question answered from the team's pricing page: every price cited to a passage of the
 * page in effect, and a nano answer that cites a passage it was not given, misquotes the page or
 * leaves a price uncited escalated to mini, whose correct citation is accepted. When the page
 * changes, the tasks answered from its old version are listed.
 */
class CitedAnswersTest extends IntegrationTest {

    private static final String QUESTION =
            """
            {"subjectId":"%s","input":{"lead":{"company":"Globex","message":"How much does the Pro plan cost per seat per month?"}}}\
            """;

    @Autowired SourceUse uses;

    private String source;
    private String type;

    @BeforeEach
    void pricingPageAndType() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        source = "pricing-" + suffix;
        type = "pricing-question-" + suffix;
        assertThat(upload(resource("pricing.md")).statusCode()).isEqualTo(201);
        var created = post("/v1/task-types", definition(type, source));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        simulatorFaults(Map.of());
    }

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void anAnswerCitesThePricingPageInEffectAndPassesOnTheFirstRung() {
        JsonNode task = ask();

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("attempts")).hasSize(1);
        assertThat(task.path("attempts").get(0).path("outcome").asString()).isEqualTo("pass");
        JsonNode result = task.path("result");
        assertThat(result.path("pricePerSeatUsd").asDouble()).isEqualTo(49.0);
        assertThat(result.path("citations")).isNotEmpty();
        for (JsonNode citation : result.path("citations")) {
            String passage = citation.path("passage").asString();
            assertThat(passage).startsWith("pricing@1#");
            assertThat(passageText(1, passage)).contains(citation.path("quote").asString());
        }
        assertThat(result.path("citations").valueStream().map(c -> c.path("supports").asString()))
                .contains("pricePerSeatUsd", "answer");
        assertThat(
                        jdbc.sql(
                                        "select count(*) filter (where cited), count(*) from"
                                                + " knowledge_use where task_id = ?::uuid")
                                .param(task.path("taskId").asString())
                                .query((rs, row) -> List.of(rs.getInt(1), rs.getInt(2)))
                                .single())
                .as("cited, given")
                .satisfies(counts -> assertThat(counts.get(0)).isPositive())
                .satisfies(counts -> assertThat(counts.get(1)).isBetween(counts.get(0), 3));
    }

    @Test
    void aNanoAnswerThatMisquotesThePageIsEscalatedAndMinisCitationIsAccepted() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("misquote", 1.0)));

        JsonNode task = ask();

        JsonNode nano = task.path("attempts").get(0);
        assertThat(nano.path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(nano.path("outcome").asString()).isEqualTo("quote_mismatch");
        assertThat(nano.path("detail").path("answer").path("pricePerSeatUsd").asDouble())
                .as("nano answered with the price it misquoted")
                .isEqualTo(59.0);
        assertThat(nano.path("detail").path("citations").get(0).path("quote").asString())
                .contains("$59");
        assertThat(nano.path("detail").path("next").asString()).isEqualTo("next_rung");
        JsonNode mini = task.path("attempts").get(1);
        assertThat(mini.path("model").asString()).isEqualTo("gpt-5.4-mini");
        assertThat(mini.path("outcome").asString()).isEqualTo("pass");
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("result").path("pricePerSeatUsd").asDouble()).isEqualTo(49.0);
    }

    @Test
    void aCitationToAPassageNotGivenAndAnUncitedPriceEscalate() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("citationUnknown", 1.0)));
        JsonNode unknown = ask().path("attempts");
        assertThat(unknown.get(0).path("outcome").asString()).isEqualTo("citation_unknown");
        assertThat(
                        unknown.get(0)
                                .path("detail")
                                .path("citations")
                                .get(0)
                                .path("pointer")
                                .asString())
                .isEqualTo("/citations/0");
        assertThat(unknown.get(1).path("outcome").asString()).isEqualTo("pass");

        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("citationMissing", 1.0)));
        JsonNode missing = ask().path("attempts");
        assertThat(missing.get(0).path("outcome").asString()).isEqualTo("citation_missing");
        assertThat(
                        missing.get(0)
                                .path("detail")
                                .path("claims")
                                .valueStream()
                                .map(JsonNode::asString))
                .containsExactly("pricePerSeatUsd", "answer");
        assertThat(missing.get(1).path("outcome").asString()).isEqualTo("pass");
    }

    @Test
    void aQuestionThePageDoesNotAnswerIsNotServed() {
        var asked =
                post(
                        "/v1/tasks/" + type,
                        """
                        {"subjectId":"lead-x","input":{"lead":{"message":"Do you integrate with Salesforce?"}}}\
                        """);
        JsonNode task = body(asked);

        assertThat(task.path("status").asString()).isEqualTo("failed");
        assertThat(task.path("failureReason").asString()).isEqualTo("ladder_exhausted");
        assertThat(task.path("attempts").valueStream().map(a -> a.path("outcome").asString()))
                .as("no passage to cite on any rung")
                .containsOnly("citation_missing");
        assertThat(
                        task.path("attempts")
                                .get(0)
                                .path("detail")
                                .path("claims")
                                .valueStream()
                                .map(JsonNode::asString))
                .as("the price left empty needs no citation; the answer does")
                .containsExactly("answer");
    }

    @Test
    void anOpenAiClientGetsTheCitedAnswer() {
        var completion =
                post(
                        "/v1/chat/completions",
                        json.createObjectNode()
                                .put("model", "rung:" + type)
                                .set(
                                        "messages",
                                        json.createArrayNode()
                                                .add(
                                                        json.createObjectNode()
                                                                .put("role", "user")
                                                                .put(
                                                                        "content",
                                                                        "{\"lead\":{\"message\":\"How"
                                                                            + " much is the Pro"
                                                                            + " plan per"
                                                                            + " seat?\"}}")))
                                .toString());
        assertThat(completion.statusCode()).as(completion.body()).isEqualTo(200);
        JsonNode answer =
                json.readTree(
                        body(completion)
                                .path("choices")
                                .get(0)
                                .path("message")
                                .path("content")
                                .asString());
        assertThat(answer.path("pricePerSeatUsd").asDouble()).isEqualTo(49.0);
        assertThat(answer.path("citations").get(0).path("passage").asString())
                .startsWith("pricing@1#");
    }

    @Test
    void aChangedPageListsTheTasksAnsweredFromItsOldVersion() {
        String first = ask().path("taskId").asString();
        String second = ask().path("taskId").asString();

        var raised = upload(resource("pricing.md").replace("$49 per seat", "$55 per seat"));
        assertThat(raised.statusCode()).isEqualTo(201);
        JsonNode afterRaise = ask();
        assertThat(afterRaise.path("result").path("pricePerSeatUsd").asDouble()).isEqualTo(55.0);
        assertThat(afterRaise.path("result").path("citations").get(0).path("passage").asString())
                .startsWith("pricing@2#");

        JsonNode dependents =
                body(get("/v1/knowledge/" + source + "/documents/pricing/dependents"));
        assertThat(dependents.path("currentVersion").asInt()).isEqualTo(2);
        assertThat(dependents.path("tasks").valueStream().map(t -> t.path("taskId").asString()))
                .containsExactlyInAnyOrder(first, second);
        JsonNode dependent = dependents.path("tasks").get(0);
        assertThat(dependent.path("version").asInt()).isEqualTo(1);
        assertThat(dependent.path("cited")).isNotEmpty();
        assertThat(dependent.path("cited").get(0).asString()).startsWith("pricing@1#");

        String citedBefore = dependent.path("cited").get(0).asString();
        assertThat(uses.superseded(source, List.of(citedBefore)))
                .containsExactly(new SourceUse.Superseded("pricing", 1, 2));
        assertThat(
                        uses.superseded(
                                source,
                                List.of(
                                        afterRaise
                                                .path("result")
                                                .path("citations")
                                                .get(0)
                                                .path("passage")
                                                .asString())))
                .isEmpty();
        assertThat(get("/v1/knowledge/" + source + "/documents/nothing/dependents").statusCode())
                .isEqualTo(404);
        assertThat(
                        get("/v1/knowledge/" + source + "/documents/pricing/dependents?limit=0")
                                .statusCode())
                .isEqualTo(400);
    }

    @Test
    void anAnswerCitingAPageReplacedWhileItsTaskRanIsAcceptedAndFlagged() {
        put(
                "/v1/admin/simulator/scenario",
                json.writeValueAsString(
                        ((tools.jackson.databind.node.ObjectNode)
                                        body(get("/v1/admin/simulator/scenario")))
                                // A cited answer then takes about 1.3 s: under the test's 2 s
                                // timeout.
                                .put("latencyScale", 1.2)));
        var queued =
                post(
                        "/v1/tasks/" + type + "?mode=async",
                        QUESTION.formatted("lead-" + UUID.randomUUID()));
        assertThat(queued.statusCode()).isEqualTo(202);
        String taskId = body(queued).path("taskId").asString();
        // Its passages are on record before its first call, which takes over a second at this
        // latency.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () ->
                                jdbc.sql(
                                                        "select count(*) from knowledge_use where"
                                                                + " task_id = ?::uuid")
                                                .param(taskId)
                                                .query(Integer.class)
                                                .single()
                                        > 0);
        assertThat(
                        upload(resource("pricing.md").replace("$49 per seat", "$55 per seat"))
                                .statusCode())
                .isEqualTo(201);

        JsonNode task =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> body(get("/v1/tasks/" + taskId)),
                                found -> found.path("status").asString().equals("succeeded"));
        JsonNode accepted = task.path("attempts").get(task.path("attempts").size() - 1);
        assertThat(accepted.path("detail").path("next").asString()).isEqualTo("accept");
        assertThat(accepted.path("detail").path("superseded").get(0).path("documentId").asString())
                .isEqualTo("pricing");
        assertThat(accepted.path("detail").path("superseded").get(0).path("usedVersion").asInt())
                .isEqualTo(1);
        assertThat(accepted.path("detail").path("superseded").get(0).path("currentVersion").asInt())
                .isEqualTo(2);
        assertThat(task.path("result").path("pricePerSeatUsd").asDouble())
                .as("answered from the page as it was when the task began")
                .isEqualTo(49.0);
    }

    @Test
    void aDefinitionWithAnUnknownSourceFieldOrClaimIsRefusedWithPointers() {
        String bad =
                definition("pricing-bad-" + source, "no-such-source")
                        .replace("\"query\": [\"lead.message\"]", "\"query\": [\"lead.phone\"]")
                        .replace("\"claims\": [\"pricePerSeatUsd\"", "\"claims\": [\"discount\"");
        var refused = post("/v1/task-types", bad);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("/knowledge/query/0").contains("/knowledge/claims/0");

        var unknownSource =
                post("/v1/task-types", definition("pricing-bad-" + source, "no-such-source"));
        assertThat(unknownSource.statusCode()).isEqualTo(400);
        assertThat(unknownSource.body()).contains("/knowledge/source").contains("no-such-source");

        var job =
                send(
                        java.net.http.HttpRequest.newBuilder(uri("/v1/jobs/" + type))
                                .header("X-API-Key", DEV_KEY)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                QUESTION.formatted("lead-in-a-job")))
                                .build());
        assertThat(job.statusCode())
                .as("a bulk job would read its passages a day early")
                .isEqualTo(400);
        assertThat(job.body()).contains("answers from a knowledge source");
    }

    @Test
    void theReadoutAndTheCheckQualityReportCountCitationFailuresByRung() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("misquote", 1.0)));
        var created =
                post(
                        "/v1/experiments",
                        """
                        {"name":"%s","taskType":"%s","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                        """
                                .formatted(type, type));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String experiment = body(created).path("id").asString();
        assertThat(post("/v1/experiments/" + experiment + "/start", "{}").statusCode())
                .isEqualTo(200);
        try {
            long treated = 0;
            for (int i = 0; i < 20; i++) {
                JsonNode task = ask();
                post(
                        "/v1/tasks/" + task.path("taskId").asString() + "/feedback",
                        "{\"correct\":{\"pricePerSeatUsd\":49},\"reviewer\":\"revops\"}");
                if (task.path("route").path("policy").asString().equals("nano-first")) {
                    treated++;
                }
            }
            assertThat(treated).isPositive();

            JsonNode arms = body(get("/v1/experiments/" + experiment + "/readout")).path("arms");
            JsonNode treatment =
                    arms.valueStream()
                            .filter(arm -> !arm.path("arm").asString().equals("control"))
                            .findFirst()
                            .orElseThrow();
            assertThat(treatment.path("citationFailures").path("1").path("quote_mismatch").asLong())
                    .isEqualTo(treated);
            JsonNode control =
                    arms.valueStream()
                            .filter(arm -> arm.path("arm").asString().equals("control"))
                            .findFirst()
                            .orElseThrow();
            assertThat(control.path("citationFailures").isEmpty()).isTrue();
            JsonNode fromTasks =
                    body(get("/v1/experiments/" + experiment + "/readout?timeZone=Asia/Tokyo"))
                            .path("arms");
            assertThat(fromTasks.valueStream().map(arm -> arm.path("citationFailures")).toList())
                    .as("computed from the task rows (another time zone), as from the rollups")
                    .isEqualTo(
                            arms.valueStream().map(arm -> arm.path("citationFailures")).toList());

            JsonNode nano =
                    body(get("/v1/task-types/" + type + "/check-quality?policy=nano-first"))
                            .path("rungs")
                            .get(0);
            JsonNode misquotes =
                    nano.path("checks")
                            .valueStream()
                            .filter(
                                    check ->
                                            check.path("check").asString().equals("quote_mismatch"))
                            .findFirst()
                            .orElseThrow();
            assertThat(misquotes.path("wrongCaught").path("count").asLong())
                    .as("every misquoted price was wrong, and caught")
                    .isEqualTo(treated);
        } finally {
            post("/v1/experiments/" + experiment + "/stop", "{}");
        }
    }

    private JsonNode ask() {
        var answered = post("/v1/tasks/" + type, QUESTION.formatted("lead-" + UUID.randomUUID()));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        return body(answered);
    }

    private String passageText(int version, String passageId) {
        return body(get("/v1/knowledge/" + source + "/documents/pricing/versions/" + version))
                .path("passages")
                .valueStream()
                .filter(passage -> passage.path("id").asString().equals(passageId))
                .findFirst()
                .orElseThrow()
                .path("text")
                .asString();
    }

    private java.net.http.HttpResponse<String> upload(String content) {
        return post(
                "/v1/knowledge/" + source + "/documents",
                json.createObjectNode()
                        .put("documentId", "pricing")
                        .put("contentType", "markdown")
                        .put("title", "Pricing")
                        .put("content", content)
                        .toString());
    }

    static String definition(String slug, String source) {
        return """
        {"slug": "%s", "description": "Answers a lead's pricing question from the team's pricing page.",
         "inputSchema": {"type": "object", "additionalProperties": false, "required": ["lead"],
                         "properties": {"lead": {"type": "object", "additionalProperties": false, "required": ["message"],
                                                 "properties": {"company": {"type": "string"},
                                                                "message": {"type": "string", "minLength": 1}}}}},
         "outputSchema": {"type": "object", "additionalProperties": false,
                          "required": ["plan", "pricePerSeatUsd", "answer"],
                          "properties": {"plan": {"type": "string", "enum": ["starter", "pro", "enterprise", "unknown"]},
                                         "pricePerSeatUsd": {"type": ["number", "null"]},
                                         "answer": {"type": "string"}}},
         "prompt": {"version": "pq-v1", "instructions": "Answer the lead's pricing question."},
         "maxOutputTokens": 400,
         "knowledge": {"source": "%s", "query": ["lead.message"], "passages": 3, "claims": ["pricePerSeatUsd", "answer"]}}\
        """
                .formatted(slug, source);
    }

    private static String resource(String name) {
        try {
            return new ClassPathResource("knowledge/" + name)
                    .getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
