package dev.rung.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.rung.support.ServiceClient;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The models configured for OpenAI's Responses API are called over {@code POST /v1/responses},
 * against a stub that answers with the API's JSON; the others stay on Chat Completions, in the same
 * ladder.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "rung.gateway.provider=openai",
            "spring.ai.openai.api-key=sk-test-key",
            "rung.gateway.responses-api=gpt-5.4-nano,gpt-5.4-mini",
            "rung.routing.call-timeout=5s"
        })
@ActiveProfiles("test")
class ResponsesWireTest extends ServiceClient {

    static final WireMockServer OPENAI = new WireMockServer(options().dynamicPort());
    static final String LEAD =
            """
            {"subjectId":"responses","lead":{"email":"vp@bigco.com","title":"VP Sales","companySize":900,"message":"Pricing for 50 seats?"}}\
            """;

    static {
        OPENAI.start();
    }

    @DynamicPropertySource
    static void openAi(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.openai.base-url", () -> OPENAI.baseUrl() + "/v1");
    }

    @Autowired CircuitBreakerRegistry breakers;

    @BeforeEach
    void reset() {
        OPENAI.resetAll();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @AfterAll
    static void stop() {
        OPENAI.stop();
    }

    @Test
    void sendsTheCallOverTheResponsesApiAndReadsItsUsage() {
        OPENAI.stubFor(
                responses("gpt-5.4-nano")
                        .willReturn(
                                fixture(200, "responses-structured.json")
                                        .withHeader("x-request-id", "req_resp_0001")
                                        .withHeader("x-ratelimit-remaining-requests", "499")));

        JsonNode task = submit();

        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("succeeded");
        assertThat(task.path("result").path("label").asString()).isEqualTo("sales-ready");
        JsonNode attempt = task.path("attempts").get(0);
        assertThat(attempt.path("provider").asString()).isEqualTo("openai");
        assertThat(attempt.path("tokens"))
                .isEqualTo(
                        json.readTree(
                                "{\"input\":2006,\"cachedInput\":1920,\"output\":88,\"reasoning\":64}"));
        // 86 uncached × $0.20 + 1,920 cached × $0.02 + 88 output (reasoning included) × $1.25.
        assertThat(attempt.path("costUsd").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.0001656"));
        assertThat(
                        attempt.path("detail")
                                .path("providerHeaders")
                                .path("x-ratelimit-remaining-requests")
                                .asString())
                .isEqualTo("499");
        assertThat(
                        jdbc.sql("select provider_request_id from attempt where task_id = ?::uuid")
                                .param(task.path("taskId").asString())
                                .query(String.class)
                                .single())
                .isEqualTo("req_resp_0001");

        JsonNode sent =
                json.readTree(OPENAI.getAllServeEvents().getFirst().getRequest().getBodyAsString());
        assertThat(sent.path("instructions").asString()).contains("inbound-lead triage analyst");
        assertThat(sent.path("input").asString()).contains("<untrusted_input>", "50 seats");
        JsonNode format = sent.path("text").path("format");
        assertThat(format.path("type").asString()).isEqualTo("json_schema");
        assertThat(format.path("strict").asBoolean()).isTrue();
        assertThat(format.path("schema").path("properties").path("label").path("enum")).hasSize(4);
        assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(400);
        assertThat(sent.path("store").asBoolean(true)).isFalse();
        assertThat(sent.path("reasoning").path("effort").asString()).isEqualTo("none");
        assertThat(sent.path("prompt_cache_key").asString())
                .isEqualTo("lead-classification:lead-v1");
        assertThat(sent.has("messages")).isFalse();
        assertThat(sent.has("response_format")).isFalse();
    }

    @Test
    void anIncompleteAnswerAndARefusalClimbToAModelOnChatCompletions() {
        OPENAI.stubFor(
                responses("gpt-5.4-nano").willReturn(fixture(200, "responses-incomplete.json")));
        OPENAI.stubFor(
                responses("gpt-5.4-mini").willReturn(fixture(200, "responses-refusal.json")));
        OPENAI.stubFor(
                WireMock.post(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-5.4")))
                        .willReturn(fixture(200, "chat-completion-structured.json")));

        JsonNode task = submit();

        assertThat(outcomes(task)).containsExactly("truncated", "refusal", "pass");
        assertThat(task.path("attempts").get(1).path("detail").path("refusal").asString())
                .contains("cannot assist");
        OPENAI.verify(2, postRequestedFor(urlEqualTo("/v1/responses")));
        OPENAI.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aRateLimitOnTheResponsesApiIsRetriedThenClimbs() {
        OPENAI.stubFor(
                responses("gpt-5.4-nano")
                        .willReturn(
                                fixture(429, "error-429-rate-limit.json")
                                        .withHeader("retry-after-ms", "20")));
        OPENAI.stubFor(
                responses("gpt-5.4-mini").willReturn(fixture(200, "responses-structured.json")));

        JsonNode task = submit();

        assertThat(outcomes(task))
                .containsExactly("rate_limited", "rate_limited", "rate_limited", "pass");
        assertThat(task.path("attempts").get(0).path("detail").path("errorCode").asString())
                .isEqualTo("rate_limit_exceeded");
        assertThat(task.path("attempts").get(0).path("detail").path("retryAfterMs").asLong())
                .isEqualTo(20);
    }

    private JsonNode submit() {
        var response = post("/v1/tasks/lead-classification", LEAD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static List<String> outcomes(JsonNode task) {
        return task.path("attempts").valueStream().map(a -> a.path("outcome").asString()).toList();
    }

    private static MappingBuilder responses(String model) {
        return WireMock.post(urlEqualTo("/v1/responses"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)));
    }

    private static ResponseDefinitionBuilder fixture(int status, String file) {
        try {
            return aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                            new ClassPathResource("openai-wire/" + file)
                                    .getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
