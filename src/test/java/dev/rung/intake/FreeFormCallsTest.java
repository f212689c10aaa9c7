package dev.rung.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.rung.support.IntegrationTest;
import dev.rung.support.OpenAiClients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * {@code model: "rung-policy:<policy>"}: a client's own prompt and JSON schema, sent with the
 * official OpenAI SDK, run up the named policy's ladder; the schema, refusal and truncation are the
 * checks, and every call is a task in the ledger.
 */
class FreeFormCallsTest extends IntegrationTest {

    private static final String SYSTEM =
            "You triage support e-mails for a B2B software company. Answer in the schema.";
    private static final String EMAIL =
            "Subject: invoice twice\nWe were charged twice for March. Please refund one.";

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void aClientsOwnPromptAndSchemaRunUpThePolicysLadder() {
        simulatorFaults(Map.of());

        HttpResponseFor<ChatCompletion> response =
                client().chat().completions().withRawResponse().create(triage("nano-first"));
        ChatCompletion completion = response.parse();

        JsonNode answer =
                json.readTree(completion.choices().getFirst().message().content().orElseThrow());
        assertThat(answer.path("category").asString()).isIn("billing", "bug", "how-to");
        assertThat(answer.path("urgent").isBoolean()).isTrue();
        assertThat(completion.model()).startsWith("gpt-5.4-nano");
        assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();

        String taskId = response.headers().values("X-Rung-Task-Id").getFirst();
        Map<String, Object> task =
                jdbc.sql(
                                """
                                select t.type, t.policy, t.input->>'system' as system, t.input->>'user' as user_text,
                                       a.prompt_version
                                from task t join attempt a on a.task_id = t.id where t.id = ?::uuid\
                                """)
                        .param(taskId)
                        .query()
                        .singleRow();
        assertThat(task)
                .containsEntry("type", "free-form")
                .containsEntry("policy", "nano-first")
                .containsEntry("system", SYSTEM)
                .containsEntry("user_text", EMAIL);
        assertThat((String) task.get("prompt_version")).startsWith("ff-");
    }

    @Test
    void aRefusalClimbsTheNamedPolicysLadder() {
        simulatorFaults(Map.of());
        simulatorFaults("gpt-5.4-nano", "free-form", Map.of("refusal", 1.0));

        HttpResponseFor<ChatCompletion> response =
                client().chat().completions().withRawResponse().create(triage("nano-first"));

        assertThat(response.parse().model()).startsWith("gpt-5.4-mini");
        String taskId = response.headers().values("X-Rung-Task-Id").getFirst();
        assertThat(
                        jdbc.sql("select outcome from attempt where task_id = ?::uuid order by seq")
                                .param(taskId)
                                .query(String.class)
                                .list())
                .containsExactly("refusal", "pass");
    }

    @Test
    void whatRungCannotRunIsRefusedAsTheSdksTypedErrors() {
        OpenAIClient client = client();

        assertThatThrownBy(() -> client.chat().completions().create(triage("no-such-policy")))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.code()).contains("model_not_found"));
        assertThatThrownBy(
                        () ->
                                client.chat()
                                        .completions()
                                        .create(
                                                ChatCompletionCreateParams.builder()
                                                        .model("rung-policy:nano-first")
                                                        .addUserMessage(EMAIL)
                                                        .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.param()).contains("response_format"));
        // An optional property: strict mode wants every property required.
        assertThatThrownBy(
                        () ->
                                client.chat()
                                        .completions()
                                        .create(
                                                ChatCompletionCreateParams.builder()
                                                        .model("rung-policy:nano-first")
                                                        .addUserMessage(EMAIL)
                                                        .responseFormat(format(List.of("category")))
                                                        .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> {
                            assertThat(e.param()).contains("response_format");
                            assertThat(e.getMessage()).contains("strict mode", "/required");
                        });
        assertThatThrownBy(
                        () ->
                                client.chat()
                                        .completions()
                                        .create(
                                                triage("nano-first").toBuilder()
                                                        .addAssistantMessage("An earlier turn.")
                                                        .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("one turn"));
    }

    private static ChatCompletionCreateParams triage(String policy) {
        return ChatCompletionCreateParams.builder()
                .model("rung-policy:" + policy)
                .addSystemMessage(SYSTEM)
                .addUserMessage(EMAIL)
                .responseFormat(format(List.of("category", "urgent", "summary")))
                .maxCompletionTokens(300)
                .build();
    }

    private static ResponseFormatJsonSchema format(List<String> required) {
        return ResponseFormatJsonSchema.builder()
                .jsonSchema(
                        ResponseFormatJsonSchema.JsonSchema.builder()
                                .name("triage")
                                .strict(true)
                                .schema(
                                        ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                                .putAdditionalProperty(
                                                        "type", JsonValue.from("object"))
                                                .putAdditionalProperty(
                                                        "properties",
                                                        JsonValue.from(
                                                                Map.of(
                                                                        "category",
                                                                        Map.of(
                                                                                "type",
                                                                                "string",
                                                                                "enum",
                                                                                List.of(
                                                                                        "billing",
                                                                                        "bug",
                                                                                        "how-to")),
                                                                        "urgent",
                                                                        Map.of("type", "boolean"),
                                                                        "summary",
                                                                        Map.of("type", "string"))))
                                                .putAdditionalProperty(
                                                        "required", JsonValue.from(required))
                                                .putAdditionalProperty(
                                                        "additionalProperties",
                                                        JsonValue.from(false))
                                                .build())
                                .build())
                .build();
    }

    private OpenAIClient client() {
        return OpenAiClients.at("http://localhost:" + port + "/v1", DEV_KEY);
    }
}
