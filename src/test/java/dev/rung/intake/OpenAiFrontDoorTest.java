package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.rung.support.IntegrationTest;
import dev.rung.support.OpenAiClients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

/**
 * The official OpenAI SDK for Java, pointed at Rung's base URL with a Rung API key, runs tasks over
 * the Chat Completions wire: typed answers with usage, typed errors, and every call a task in the
 * ledger.
 */
class OpenAiFrontDoorTest extends IntegrationTest {

    private static final String LEAD =
            """
            {"email":"ana@acme.io","company":"Acme","title":"Head of Sales","companySize":40,
             "message":"Can we get pricing for 40 seats?"}\
            """;

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void anExistingOpenAiClientRunsATaskByChangingOnlyItsBaseUrlAndKey() {
        simulatorFaults(Map.of());
        String subject = "sdk-" + UUID.randomUUID();

        HttpResponseFor<ChatCompletion> response =
                client(DEV_KEY)
                        .chat()
                        .completions()
                        .withRawResponse()
                        .create(
                                ChatCompletionCreateParams.builder()
                                        .model("rung:lead-classification")
                                        .addSystemMessage(
                                                "Ignored: the task type's own prompt is sent.")
                                        .addUserMessage(LEAD)
                                        .user(subject)
                                        .build());
        ChatCompletion completion = response.parse();

        JsonNode answer =
                json.readTree(completion.choices().getFirst().message().content().orElseThrow());
        assertThat(answer.path("label").asString()).isNotEmpty();
        assertThat(completion.model()).startsWith("gpt-5.4-nano");
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());

        String taskId = response.headers().values("X-Rung-Task-Id").getFirst();
        JsonNode task = body(get("/v1/tasks/" + taskId));
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(
                        jdbc.sql("select subject_id from task where id = ?::uuid")
                                .param(taskId)
                                .query(String.class)
                                .single())
                .as("OpenAI's user is the task's subject")
                .isEqualTo(subject);
        assertThat(task.path("result")).isEqualTo(answer);
        long ledgerInput =
                task.path("attempts")
                        .valueStream()
                        .mapToLong(a -> a.path("tokens").path("input").asLong())
                        .sum();
        assertThat(usage.promptTokens())
                .as("usage summed over the task's attempts")
                .isEqualTo(ledgerInput);
    }

    @Test
    void aFailedCheckClimbsTheLadderBehindTheSameCall() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("ruleViolation", 1.0)));

        ChatCompletion completion =
                client(DEV_KEY)
                        .chat()
                        .completions()
                        .create(
                                ChatCompletionCreateParams.builder()
                                        .model("rung:lead-classification")
                                        .addUserMessage(LEAD)
                                        .build());

        assertThat(completion.model()).startsWith("gpt-5.4-mini");
        assertThat(completion._additionalProperties().get("rung").toString())
                .contains("attempts=2");
    }

    @Test
    void callsThroughTheFrontDoorJoinAnExperimentAndItsReadout() {
        simulatorFaults(Map.of());
        var created =
                post(
                        "/v1/experiments",
                        """
                        {"name":"front-door","taskType":"lead-classification","controlPolicy":"mini-only",
                         "treatmentPolicy":"nano-first"}\
                        """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String experiment = body(created).path("id").asString();
        post("/v1/experiments/" + experiment + "/start", "{}");
        try {
            OpenAIClient client = client(DEV_KEY);
            String batch = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 12; i++) {
                client.chat()
                        .completions()
                        .create(
                                ChatCompletionCreateParams.builder()
                                        .model("rung:lead-classification")
                                        .addUserMessage(LEAD)
                                        .user(batch + "-" + i)
                                        .build());
            }

            JsonNode readout = body(get("/v1/experiments/" + experiment + "/readout"));
            assertThat(
                            readout.path("arms")
                                    .valueStream()
                                    .mapToLong(arm -> arm.path("tasks").asLong())
                                    .sum())
                    .as("every call is a task of the experiment, its user the subject")
                    .isEqualTo(12);
        } finally {
            post("/v1/experiments/" + experiment + "/stop", "{}");
        }
    }

    @Test
    void errorsArriveAsTheSdksTypedErrors() {
        OpenAIClient client = client(DEV_KEY);

        assertThatThrownBy(
                        () ->
                                client.chat()
                                        .completions()
                                        .create(
                                                ChatCompletionCreateParams.builder()
                                                        .model("gpt-4o")
                                                        .addUserMessage(LEAD)
                                                        .build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.code()).contains("model_not_found"));
        assertThatThrownBy(
                        () ->
                                client.chat()
                                        .completions()
                                        .create(
                                                ChatCompletionCreateParams.builder()
                                                        .model("rung:lead-classification")
                                                        .addUserMessage(
                                                                "{\"company\":\"No email\"}")
                                                        .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> {
                            assertThat(e.getMessage())
                                    .contains("/email")
                                    .doesNotContain("No email");
                            assertThat(e.param()).contains("messages");
                        });
        assertThatThrownBy(
                        () ->
                                client("sk-not-a-rung-key")
                                        .chat()
                                        .completions()
                                        .create(
                                                ChatCompletionCreateParams.builder()
                                                        .model("rung:lead-classification")
                                                        .addUserMessage(LEAD)
                                                        .build()))
                .isInstanceOf(UnauthorizedException.class);
    }

    private OpenAIClient client(String key) {
        return OpenAiClients.at("http://localhost:" + port + "/v1", key);
    }
}
