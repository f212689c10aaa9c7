package dev.rung.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rung against an OpenAI stub over real HTTP, with the API's exact JSON: what Rung sends, field by
 * field, and how it reads every kind of answer and error.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "rung.gateway.provider=openai",
            "spring.ai.openai.api-key=sk-test-key",
            "rung.routing.call-timeout=500ms",
            "rung.routing.policies.nano-first-context.ladder=gpt-5.4-nano,gpt-5.4-mini",
            "rung.routing.policies.nano-first-context.escalate-with-context=true"
        })
@ActiveProfiles("test")
class OpenAiWireTest {

    static final WireMockServer OPENAI = new WireMockServer(options().dynamicPort());
    static final String LEAD =
            """
            {"subjectId":"wire","lead":{"email":"vp@bigco.com","title":"VP Sales","companySize":900,"message":"Pricing for 50 seats?"}}\
            """;

    static {
        OPENAI.start();
    }

    @DynamicPropertySource
    static void openAi(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.openai.base-url", () -> OPENAI.baseUrl() + "/v1");
    }

    @LocalServerPort int port;
    @Autowired JsonMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired dev.rung.routing.TaskRouter router;
    @Autowired dev.rung.routing.RoutePlanner planner;
    @Autowired dev.rung.task.TaskCatalog catalog;

    @Autowired io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers;

    @BeforeEach
    void reset() {
        OPENAI.resetAll();
        breakers.getAllCircuitBreakers()
                .forEach(io.github.resilience4j.circuitbreaker.CircuitBreaker::reset);
    }

    @AfterAll
    static void stop() {
        OPENAI.stop();
    }

    @Test
    void sendsAStrictStructuredOutputRequestAndReadsUsageCostAndHeaders() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano")
                        .willReturn(
                                fixture(200, "chat-completion-structured.json")
                                        .withHeader(
                                                "x-request-id",
                                                "req_7c1f0b9e2d4a4f3b8e6a5d2c1b0a9f8e")
                                        .withHeader("x-ratelimit-remaining-tokens", "497994")
                                        .withHeader("x-ratelimit-reset-requests", "120ms")));

        JsonNode task = submit(LEAD);

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("result").path("label").asString()).isEqualTo("sales-ready");
        JsonNode attempt = task.path("attempts").get(0);
        assertThat(attempt.path("provider").asString()).isEqualTo("openai");
        assertThat(attempt.path("modelAnswered").asString()).isEqualTo("gpt-5.4-nano-2026-03-17");
        assertThat(attempt.path("tokens"))
                .isEqualTo(
                        json.readTree(
                                "{\"input\":2006,\"cachedInput\":1920,\"output\":24,\"reasoning\":0}"));
        assertThat(attempt.path("costUsd").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.0000856"));
        assertThat(
                        attempt.path("detail")
                                .path("providerHeaders")
                                .path("x-ratelimit-remaining-tokens")
                                .asString())
                .isEqualTo("497994");
        assertThat(
                        jdbc.sql("select provider_request_id from attempt where task_id = ?::uuid")
                                .param(task.path("taskId").asString())
                                .query(String.class)
                                .single())
                .isEqualTo("req_7c1f0b9e2d4a4f3b8e6a5d2c1b0a9f8e");

        JsonNode sent =
                json.readTree(OPENAI.getAllServeEvents().getFirst().getRequest().getBodyAsString());
        assertThat(sent.path("model").asString()).isEqualTo("gpt-5.4-nano");
        assertThat(sent.path("messages").valueStream().map(m -> m.path("role").asString()))
                .containsExactly("system", "user");
        assertThat(sent.path("messages").get(1).path("content").asString())
                .contains("<untrusted_input>", "Pricing for 50 seats?");
        assertThat(sent.path("response_format").path("type").asString()).isEqualTo("json_schema");
        assertThat(sent.path("response_format").path("json_schema").path("strict").asBoolean())
                .isTrue();
        assertThat(
                        sent.path("response_format")
                                .path("json_schema")
                                .path("schema")
                                .path("additionalProperties")
                                .asBoolean(true))
                .isFalse();
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(400);
        assertThat(sent.path("reasoning_effort").asString()).isEqualTo("none");
        assertThat(sent.path("prompt_cache_key").asString())
                .isEqualTo("lead-classification:lead-v1");
        assertThat(sent.has("max_tokens")).isFalse();
        assertThat(sent.has("temperature")).isFalse();
        var headers = OPENAI.getAllServeEvents().getFirst().getRequest().getHeaders();
        assertThat(headers.getHeader("Authorization").firstValue()).isEqualTo("Bearer sk-test-key");
        assertThat(headers.keys()).noneMatch(name -> name.equalsIgnoreCase("X-Rung-Call-Id"));
    }

    @Test
    void anExhaustedQuotaFailsFastWithOneAttempt() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano").willReturn(fixture(429, "error-429-insufficient-quota.json")));

        JsonNode task = submit(LEAD);

        assertThat(task.path("status").asString()).isEqualTo("failed");
        assertThat(task.path("failureReason").asString()).isEqualTo("fatal_provider_error");
        assertThat(outcomes(task)).containsExactly("quota_exhausted");
        assertThat(task.path("attempts").get(0).path("detail").path("errorCode").asString())
                .isEqualTo("insufficient_quota");
        OPENAI.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aRateLimitBurstIsRetriedThenFallsBackToTheNextRung() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano")
                        .willReturn(
                                fixture(429, "error-429-rate-limit.json")
                                        .withHeader("retry-after-ms", "20")));
        OPENAI.stubFor(
                chat("gpt-5.4-mini").willReturn(fixture(200, "chat-completion-structured.json")));

        JsonNode task = submit(LEAD);

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(outcomes(task))
                .containsExactly("rate_limited", "rate_limited", "rate_limited", "pass");
        assertThat(task.path("attempts").get(0).path("detail").path("retryAfterMs").asLong())
                .isEqualTo(20);
        assertThat(task.path("attempts").get(2).path("detail").path("next").asString())
                .isEqualTo("next_rung");
        assertThat(
                        jdbc.sql("select count(*) from attempt where task_id = ?::uuid")
                                .param(task.path("taskId").asString())
                                .query(Integer.class)
                                .single())
                .isEqualTo(4);
    }

    @Test
    void aServerErrorIsRetriedOnTheSameRung() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano")
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(fixture(500, "error-500.json"))
                        .willSetStateTo("recovered"));
        OPENAI.stubFor(
                chat("gpt-5.4-nano")
                        .inScenario("flaky")
                        .whenScenarioStateIs("recovered")
                        .willReturn(fixture(200, "chat-completion-structured.json")));

        assertThat(outcomes(submit(LEAD))).containsExactly("provider_error", "pass");

        OPENAI.resetAll();
        OPENAI.stubFor(
                chat("gpt-5.4-nano")
                        .willReturn(
                                aResponse()
                                        .withStatus(503)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":{\"message\":\"The engine is currently"
                                                    + " overloaded.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")));
        OPENAI.stubFor(
                chat("gpt-5.4-mini").willReturn(fixture(200, "chat-completion-structured.json")));
        assertThat(outcomes(submit(LEAD)))
                .containsExactly("provider_error", "provider_error", "provider_error", "pass");
    }

    @Test
    void aHangPastTheTimeoutCountsAsATimeout() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano")
                        .willReturn(
                                fixture(200, "chat-completion-structured.json")
                                        .withFixedDelay(1_500)));
        OPENAI.stubFor(
                chat("gpt-5.4-mini").willReturn(fixture(200, "chat-completion-structured.json")));

        assertThat(outcomes(submit(LEAD))).containsExactly("timeout", "timeout", "timeout", "pass");
    }

    @Test
    void credentialAndRequestErrorsStopAtOnce() {
        OPENAI.stubFor(chat("gpt-5.4-nano").willReturn(fixture(401, "error-401.json")));
        assertThat(outcomes(submit(LEAD))).containsExactly("auth_error");

        OPENAI.resetAll();
        OPENAI.stubFor(
                chat("gpt-5.4-nano").willReturn(fixture(400, "error-400-invalid-schema.json")));
        JsonNode task = submit(LEAD);
        assertThat(outcomes(task)).containsExactly("bad_request");
        assertThat(task.path("attempts").get(0).path("detail").path("httpStatus").asInt())
                .isEqualTo(400);
    }

    @Test
    void refusalsAndTruncatedAnswersAreCheckFailuresThatEscalate() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano").willReturn(fixture(200, "chat-completion-truncated.json")));
        OPENAI.stubFor(
                chat("gpt-5.4-mini").willReturn(fixture(200, "chat-completion-refusal.json")));
        OPENAI.stubFor(chat("gpt-5.4").willReturn(fixture(200, "chat-completion-structured.json")));

        JsonNode task = submit(LEAD);

        assertThat(outcomes(task)).containsExactly("truncated", "refusal", "pass");
        assertThat(task.path("attempts").get(0).path("tokens").path("reasoning").asLong())
                .isEqualTo(48);
        assertThat(task.path("attempts").get(1).path("detail").path("refusal").asString())
                .contains("cannot assist");
    }

    @Test
    void aPolicyCanEscalateWithThePreviousDraftAndWhyItFailed() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano").willReturn(fixture(200, "chat-completion-truncated.json")));
        OPENAI.stubFor(
                chat("gpt-5.4-mini").willReturn(fixture(200, "chat-completion-structured.json")));
        var leads = catalog.current("lead-classification").orElseThrow();
        var request =
                ((dev.rung.task.RequestCheck.Valid) leads.contract().request(json.readTree(LEAD)))
                        .request();
        var route =
                new dev.rung.routing.Route(
                        dev.rung.task.Tier.B, planner.policy("nano-first-context").orElseThrow());
        List<dev.rung.routing.AttemptRecord> attempts = new java.util.ArrayList<>();

        var routed =
                router.run(
                        leads,
                        request,
                        route,
                        new dev.rung.routing.AttemptSink() {
                            @Override
                            public java.util.UUID started(dev.rung.routing.AttemptStart attempt) {
                                return java.util.UUID.randomUUID();
                            }

                            @Override
                            public void ended(
                                    java.util.UUID attemptId,
                                    dev.rung.routing.AttemptRecord attempt) {
                                attempts.add(attempt);
                            }

                            @Override
                            public void unsent(dev.rung.routing.AttemptRecord attempt) {
                                attempts.add(attempt);
                            }
                        });

        assertThat(routed.succeeded()).isTrue();
        assertThat(attempts.get(1).detail()).containsEntry("escalatedWithContext", true);
        JsonNode second =
                json.readTree(
                        OPENAI.getAllServeEvents().stream()
                                .filter(
                                        event ->
                                                event.getRequest()
                                                        .getBodyAsString()
                                                        .contains("gpt-5.4-mini"))
                                .findFirst()
                                .orElseThrow()
                                .getRequest()
                                .getBodyAsString());
        String user = second.path("messages").get(1).path("content").asString();
        assertThat(user)
                .contains("failed the check 'truncated'")
                .contains("{\"tags\":[\"billing\",\"bug\"],\"priority\":\"hi");
        assertThat(second.path("messages").get(0).path("content").asString())
                .isEqualTo(
                        json.readTree(
                                        OPENAI.getAllServeEvents().stream()
                                                .filter(
                                                        event ->
                                                                event.getRequest()
                                                                        .getBodyAsString()
                                                                        .contains("gpt-5.4-nano"))
                                                .findFirst()
                                                .orElseThrow()
                                                .getRequest()
                                                .getBodyAsString())
                                .path("messages")
                                .get(0)
                                .path("content")
                                .asString());
    }

    @Test
    void aFailingModelOpensItsBreakerAndTasksGoStraightToTheNextRung() {
        OPENAI.stubFor(chat("gpt-5.4-nano").willReturn(fixture(500, "error-500.json")));
        OPENAI.stubFor(
                chat("gpt-5.4-mini").willReturn(fixture(200, "chat-completion-structured.json")));
        for (int i = 0; i < 4; i++) {
            submit(LEAD);
        }

        JsonNode task = submit(LEAD);

        assertThat(breakers.circuitBreaker("gpt-5.4-nano").getState())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
        assertThat(outcomes(task)).containsExactly("circuit_open", "pass");
        assertThat(task.path("attempts").get(0).path("costUsd").decimalValue()).isZero();
    }

    @Test
    void answersThatFailChecksNeverOpenABreaker() {
        OPENAI.stubFor(
                chat("gpt-5.4-nano").willReturn(fixture(200, "chat-completion-truncated.json")));
        OPENAI.stubFor(
                chat("gpt-5.4-mini").willReturn(fixture(200, "chat-completion-structured.json")));
        for (int i = 0; i < 15; i++) {
            assertThat(outcomes(submit(LEAD))).containsExactly("truncated", "pass");
        }
        assertThat(breakers.circuitBreaker("gpt-5.4-nano").getState())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    private static MappingBuilder chat(String model) {
        return post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fixture(
            int status, String file) {
        try {
            String body =
                    new ClassPathResource("openai-wire/" + file)
                            .getContentAsString(StandardCharsets.UTF_8);
            return aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode submit(String body) {
        try {
            var response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/v1/tasks/lead-classification"))
                                            .header("X-API-Key", "rung-local-dev-key")
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> outcomes(JsonNode task) {
        return task.path("attempts").valueStream().map(a -> a.path("outcome").asString()).toList();
    }
}
