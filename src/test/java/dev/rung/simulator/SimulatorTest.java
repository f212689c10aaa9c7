package dev.rung.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/** The simulator speaks OpenAI's wire format and is deterministic for a seed and input. */
class SimulatorTest extends IntegrationTest {

    static final String SCHEMA =
            """
            {"type":"object","properties":{"label":{"type":"string","enum":["sales-ready","nurture","disqualified","spam"]},
             "confidence":{"type":"number"},"reason":{"type":"string"}},"required":["label","confidence","reason"],
             "additionalProperties":false}\
            """;

    @AfterEach
    void configuredModels() {
        resetSimulator();
    }

    @Test
    void answersLikeOpenAiWithAPlausibleTrueAnswer() {
        simulatorFaults(Map.of());
        JsonNode response =
                body(
                        post(
                                "/simulator/v1/chat/completions",
                                request(
                                        "gpt-5.4-nano",
                                        "short system prompt",
                                        "{\"email\":\"x@promo.biz\",\"message\":\"Cheap backlinks"
                                                + " and SEO services, click here\"}")));

        assertThat(response.path("object").asString()).isEqualTo("chat.completion");
        assertThat(response.path("model").asString()).isEqualTo("gpt-5.4-nano-2026-03-17");
        JsonNode choice = response.path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(
                        json.readTree(choice.path("message").path("content").asString())
                                .path("label")
                                .asString())
                .isEqualTo("spam");
        assertThat(
                        response.path("usage")
                                .path("prompt_tokens_details")
                                .path("cached_tokens")
                                .asInt())
                .isZero();
        assertThat(response.path("usage").path("completion_tokens_details").has("reasoning_tokens"))
                .isTrue();
    }

    @Test
    void theSameSeedAndInputGiveTheSameAnswer() {
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                        Map.of("wrong", 0.3, "ruleViolation", 0.3, "lowConfidence", 0.3)));
        for (int i = 0; i < 20; i++) {
            String body =
                    request(
                            "gpt-5.4-nano",
                            "sys",
                            "{\"email\":\"p" + i + "@corp.com\",\"message\":\"demo\"}");
            assertThat(content(post("/simulator/v1/chat/completions", body)))
                    .isEqualTo(content(post("/simulator/v1/chat/completions", body)));
        }
    }

    @Test
    void aRepeatedLongPrefixIsServedFromThePromptCache() {
        simulatorFaults(Map.of());
        String longSystem = "Classify leads carefully and follow every rule. ".repeat(150);
        String first = request("gpt-5.4-mini", longSystem, "{\"email\":\"a@corp.com\"}");
        String second = request("gpt-5.4-mini", longSystem, "{\"email\":\"b@corp.com\"}");

        JsonNode cold = body(post("/simulator/v1/chat/completions", first)).path("usage");
        JsonNode warm = body(post("/simulator/v1/chat/completions", second)).path("usage");

        assertThat(cold.path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
        int cached = warm.path("prompt_tokens_details").path("cached_tokens").asInt();
        assertThat(cached)
                .isGreaterThanOrEqualTo(1024)
                .isLessThan(warm.path("prompt_tokens").asInt());
        assertThat((cached - 1024) % 128).isZero();
    }

    @Test
    void rateLimitsAndServerErrorsUseOpenAisErrorBodiesAndHeaders() {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("rateLimited", 1.0)));
        var limited =
                post(
                        "/simulator/v1/chat/completions",
                        request("gpt-5.4-nano", "sys", "{\"email\":\"r@corp.com\"}"));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(body(limited).path("error").path("code").asString())
                .isEqualTo("rate_limit_exceeded");
        assertThat(limited.headers().firstValue("retry-after")).isPresent();
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();

        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("serverError", 1.0)));
        var failed =
                post(
                        "/simulator/v1/chat/completions",
                        request("gpt-5.4-nano", "sys", "{\"email\":\"s@corp.com\"}"));
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(body(failed).path("error").path("type").asString()).isEqualTo("server_error");
    }

    @Test
    void refusesMaxTokensLikeGpt5ModelsDo() {
        ObjectNode request = (ObjectNode) json.readTree(request("gpt-5.4-nano", "sys", "{}"));
        request.remove("max_completion_tokens");
        request.put("max_tokens", 100);

        var response = post("/simulator/v1/chat/completions", request.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("error").path("param").asString()).isEqualTo("max_tokens");
    }

    private String content(java.net.http.HttpResponse<String> response) {
        return body(response).path("choices").get(0).path("message").path("content").asString();
    }

    private String request(String model, String system, String inputJson) {
        ObjectNode request = json.createObjectNode();
        request.put("model", model);
        request.putArray("messages")
                .add(json.createObjectNode().put("role", "system").put("content", system))
                .add(
                        json.createObjectNode()
                                .put("role", "user")
                                .put(
                                        "content",
                                        "<untrusted_input>\n"
                                                + inputJson
                                                + "\n</untrusted_input>"));
        ObjectNode format = request.putObject("response_format");
        format.put("type", "json_schema");
        format.putObject("json_schema")
                .put("name", "lead_classification")
                .put("strict", true)
                .set("schema", json.readTree(SCHEMA));
        request.put("max_completion_tokens", 400);
        request.put("reasoning_effort", "none");
        request.put("prompt_cache_key", "lead-classification:test");
        return request.toString();
    }
}
