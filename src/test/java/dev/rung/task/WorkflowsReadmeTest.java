package dev.rung.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's workflow examples, read from the README itself and sent as a reader would send them:
 * the two shipped workflows answer as the README says, and the walkthrough's own workflow escalates
 * on its own rule.
 */
class WorkflowsReadmeTest extends IntegrationTest {

    private static final Pattern CURL_BODY =
            Pattern.compile(
                    "curl -s (?:-X PUT )?localhost:8080(/v1/\\S+).*?-d '(.*?)'", Pattern.DOTALL);

    @AfterEach
    void configuredModels() {
        resetSimulator();
    }

    @Test
    void theShippedWorkflowsAnswerTheirReadmeExamples() throws IOException {
        simulatorFaults(java.util.Map.of());

        JsonNode fit =
                body(
                        post(
                                "/v1/tasks/account-fit-ranking",
                                curlBody("/v1/tasks/account-fit-ranking")));
        assertThat(fit.path("status").asString()).isEqualTo("succeeded");
        assertThat(fit.path("result").path("score").asInt()).isEqualTo(90);
        assertThat(fit.path("result").path("fitTier").asString()).isEqualTo("A");
        assertThat(fit.path("result").path("reasons").get(0).asString())
                .isEqualTo("Industry Logistics is in the ideal profile.");

        JsonNode match =
                body(
                        post(
                                "/v1/tasks/lead-to-account-matching",
                                curlBody("/v1/tasks/lead-to-account-matching")));
        assertThat(match.path("status").asString()).isEqualTo("succeeded");
        assertThat(match.path("result").path("accountId").asString()).isEqualTo("0015g00000AbCdE");
        assertThat(match.path("result").path("matchedOn").asString()).isEqualTo("domain");

        JsonNode lead =
                body(
                        post(
                                "/v1/tasks/lead-classification",
                                curlBody("/v1/tasks/lead-classification")));
        assertThat(lead.path("result").path("label").asString()).isEqualTo("sales-ready");
    }

    @Test
    void theWalkthroughsOwnWorkflowEscalatesOnItsOwnRule() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher file =
                Pattern.compile(
                                "Save this as `task-types/churn-signal.yaml`.*?```yaml\\n(.*?)```",
                                Pattern.DOTALL)
                        .matcher(readme);
        assertThat(file.find()).isTrue();
        JsonNode definition = new YAMLMapper().readTree(file.group(1));
        assertThat(post("/v1/task-types", json.writeValueAsString(definition)).statusCode())
                .isIn(200, 201);
        simulatorFaults(java.util.Map.of());
        assertThat(
                        put(
                                        "/v1/admin/simulator/scenario/faults/gpt-5.4-nano/churn-signal",
                                        curlBody(
                                                "/v1/admin/simulator/scenario/faults/gpt-5.4-nano/churn-signal"))
                                .statusCode())
                .isEqualTo(200);

        JsonNode task = body(post("/v1/tasks/churn-signal", curlBody("/v1/tasks/churn-signal")));

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        JsonNode first = task.path("attempts").get(0);
        assertThat(first.path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(first.path("outcome").asString()).isEqualTo("rule_failed");
        assertThat(first.path("detail").path("violations").get(0).path("rule").asString())
                .isEqualTo("plan_as_given");
        assertThat(first.path("detail").path("violations").get(0).path("message").asString())
                .isEqualTo("must be the constant value 'growth'");
        assertThat(readme)
                .contains(
                        "\"value\":\n\""
                                + first.path("detail")
                                        .path("violations")
                                        .get(0)
                                        .path("value")
                                        .asString()
                                + "\"");
        assertThat(task.path("attempts").get(1).path("model").asString()).isEqualTo("gpt-5.4-mini");
        assertThat(task.path("attempts").get(1).path("outcome").asString()).isEqualTo("pass");
    }

    /** The JSON body of the README's first curl command to this path. */
    private static String curlBody(String path) throws IOException {
        Matcher curl = CURL_BODY.matcher(Files.readString(Path.of("README.md")));
        while (curl.find()) {
            if (curl.group(1).equals(path)) {
                return curl.group(2);
            }
        }
        throw new AssertionError("README.md has no curl command with a body for " + path);
    }
}
