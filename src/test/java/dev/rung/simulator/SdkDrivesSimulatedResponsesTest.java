package dev.rung.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextConfig;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseTextConfig;

import dev.rung.support.IntegrationTest;
import dev.rung.support.OpenAiClients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * The official OpenAI SDK for Java calls the simulated Responses API as it would OpenAI's: the
 * answers parse as the SDK's types, follow the requested schema, and are cut ({@code status:
 * incomplete}) when the token cap is too small.
 */
class SdkDrivesSimulatedResponsesTest extends IntegrationTest {

    @AfterEach
    void reset() {
        resetSimulator();
    }

    @Test
    void theOfficialSdkGetsAStructuredResponse() {
        simulatorFaults(Map.of());

        Response response = client().responses().create(request(400, "low"));

        assertThat(response.status().map(status -> status.asString())).hasValue("completed");
        String text = outputText(response);
        assertThat(json.readTree(text).path("label").asString()).isIn("a", "b");
        var usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isPositive();
        assertThat(usage.outputTokensDetails().reasoningTokens()).isPositive();
        assertThat(usage.outputTokens())
                .isGreaterThan(usage.outputTokensDetails().reasoningTokens());
        // A model that reasoned shows it as an output item of its own.
        assertThat(response.output().getFirst().isReasoning()).isTrue();
    }

    @Test
    void aTooSmallTokenCapLeavesTheResponseIncomplete() {
        simulatorFaults(Map.of());

        Response response = client().responses().create(request(3, "none"));

        assertThat(response.status().map(status -> status.asString())).hasValue("incomplete");
        assertThat(
                        response.incompleteDetails()
                                .flatMap(Response.IncompleteDetails::reason)
                                .map(reason -> reason.asString()))
                .hasValue("max_output_tokens");
    }

    private OpenAIClient client() {
        return OpenAiClients.at("http://localhost:" + port + "/simulator/v1", "sk-test");
    }

    private static ResponseCreateParams request(long maxOutputTokens, String effort) {
        var schema =
                ResponseFormatTextJsonSchemaConfig.Schema.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties",
                                JsonValue.from(
                                        Map.of(
                                                "label",
                                                Map.of(
                                                        "type",
                                                        "string",
                                                        "enum",
                                                        List.of("a", "b")))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("label")))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build();
        return ResponseCreateParams.builder()
                .model("gpt-5.4-mini")
                .instructions("Label the input a or b.")
                .input("<untrusted_input>{\"n\":1}</untrusted_input>")
                .maxOutputTokens(maxOutputTokens)
                .reasoning(Reasoning.builder().effort(ReasoningEffort.of(effort)).build())
                .store(false)
                .text(
                        ResponseTextConfig.builder()
                                .format(
                                        ResponseFormatTextConfig.ofJsonSchema(
                                                ResponseFormatTextJsonSchemaConfig.builder()
                                                        .name("label")
                                                        .schema(schema)
                                                        .strict(true)
                                                        .build()))
                                .build())
                .build();
    }

    private static String outputText(Response response) {
        return response.output().stream()
                .flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(text -> text.text())
                .findFirst()
                .orElseThrow();
    }
}
