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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

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
 * Ladders across vendors, over real HTTP to stubs that answer with each provider's exact JSON: a
 * local OpenAI-compatible server (Ollama's wire), Google's Gemini API, Anthropic's Messages API and
 * OpenAI. Each call is a ledger attempt that names its provider, its tokens and its cost.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "rung.gateway.provider=openai",
            "spring.ai.openai.api-key=sk-test-key",
            "rung.routing.call-timeout=10s",
            // The local model's price row is the test's own (below): the database is shared by
            // every
            // test context, so it is not a migration.
            "rung.routing.require-prices=false"
        })
@ActiveProfiles("test")
class ProviderLaddersTest extends ServiceClient {

    static final WireMockServer STUBS = new WireMockServer(options().dynamicPort());
    static final String LEAD =
            """
            {"subjectId":"ladders","lead":{"email":"vp@bigco.com","title":"VP Sales","companySize":900,"message":"Pricing for 50 seats?"}}\
            """;
    static final String CUSTOMER_FACING =
            LEAD.replace("{\"subjectId\"", "{\"stakes\":{\"customerFacing\":true},\"subjectId\"");
    static final String LOCAL = "qwen3:4b";
    static final String GEMINI = "gemini-2.5-flash-lite";
    static final String CLAUDE = "claude-haiku-4-5";

    static {
        STUBS.start();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.openai.base-url", () -> STUBS.baseUrl() + "/v1");
        registry.add("rung.gateway.providers.local.kind", () -> "openai-compatible");
        registry.add("rung.gateway.providers.local.base-url", () -> STUBS.baseUrl() + "/local/v1");
        registry.add("rung.gateway.providers.local.models", () -> LOCAL);
        registry.add("rung.gateway.providers.anthropic.kind", () -> "anthropic");
        registry.add(
                "rung.gateway.providers.anthropic.base-url", () -> STUBS.baseUrl() + "/anthropic");
        registry.add("rung.gateway.providers.anthropic.api-key", () -> "sk-ant-test");
        registry.add("rung.gateway.providers.anthropic.models", () -> CLAUDE);
        registry.add("rung.gateway.providers.gemini.kind", () -> "gemini");
        registry.add("rung.gateway.providers.gemini.base-url", () -> STUBS.baseUrl() + "/gemini");
        registry.add("rung.gateway.providers.gemini.api-key", () -> "gm-test");
        registry.add("rung.gateway.providers.gemini.models", () -> GEMINI);
        registry.add("rung.routing.models[" + LOCAL + "].tier-a", () -> "false");
        registry.add("rung.routing.models[" + GEMINI + "].tier-a", () -> "true");
        registry.add("rung.routing.models[" + CLAUDE + "].tier-a", () -> "true");
        registry.add(
                "rung.routing.policies.local-first.ladder",
                () -> LOCAL + ",gpt-5.4-nano,gpt-5.4-mini");
        registry.add(
                "rung.routing.policies.three-vendors.ladder",
                () -> GEMINI + "," + CLAUDE + ",gpt-5.4-mini");
        // Leads start on the local model; customer-facing ones (Tier A) on three vendors. The
        // routing is configuration only: the test database is shared by every test context, where
        // a stored task type naming these policies would not fit.
        registry.add(
                "rung.routing.task-types.lead-classification.tier-policies.B", () -> "local-first");
        registry.add(
                "rung.routing.task-types.lead-classification.tier-policies.A",
                () -> "three-vendors");
    }

    @Autowired CircuitBreakerRegistry breakers;

    @BeforeEach
    void reset() {
        // A deployment's own price row for its local model: its tokens cost nothing per call.
        jdbc.sql(
                        """
                        insert into model_price (model, service_tier, input_per_million, cached_input_per_million,
                                                 output_per_million, effective_from)
                        values (?, 'default', 0, 0, 0, '2025-01-01T00:00:00Z') on conflict do nothing\
                        """)
                .param(LOCAL)
                .update();
        STUBS.resetAll();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @AfterAll
    static void stop() {
        STUBS.stop();
    }

    @Test
    void aLocalModelsFailedCheckEscalatesToOpenAi() {
        STUBS.stubFor(
                WireMock.post(urlEqualTo("/local/v1/chat/completions"))
                        .willReturn(fixture(200, "ollama-chat-completion-low-confidence.json")));
        STUBS.stubFor(
                openAi("gpt-5.4-nano")
                        .willReturn(openAiFixture(200, "chat-completion-structured.json")));

        JsonNode task = submit(LEAD);

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("result").path("label").asString()).isEqualTo("sales-ready");
        assertThat(attempts(task, "provider")).containsExactly("local", "openai");
        assertThat(attempts(task, "outcome")).containsExactly("low_confidence", "pass");
        assertThat(attempts(task, "modelAnswered"))
                .containsExactly(LOCAL, "gpt-5.4-nano-2026-03-17");
        JsonNode local = task.path("attempts").get(0);
        assertThat(local.path("tokens").path("input").asLong()).isEqualTo(1874);
        assertThat(local.path("costUsd").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(task.path("costUsd").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.0000856"));
        assertThat(
                        jdbc.sql(
                                        "select provider from attempt where task_id = ?::uuid"
                                                + " order by seq")
                                .param(task.path("taskId").asString())
                                .query(String.class)
                                .list())
                .containsExactly("local", "openai");

        LoggedRequest sent = only("/local/v1/chat/completions");
        JsonNode body = json.readTree(sent.getBodyAsString());
        assertThat(body.path("model").asString()).isEqualTo(LOCAL);
        assertThat(body.path("response_format").path("json_schema").path("strict").asBoolean())
                .isTrue();
        // OpenAI's own extensions stay at OpenAI; a local server is never sent OpenAI's key.
        assertThat(body.has("prompt_cache_key")).isFalse();
        assertThat(body.has("reasoning_effort")).isFalse();
        assertThat(body.has("service_tier")).isFalse();
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer no-key");
    }

    @Test
    void threeVendorsEscalateOnAFailedCheckAndFallBackPastAnOverloadedOne() {
        STUBS.stubFor(
                gemini().willReturn(fixture(200, "gemini-generate-content-low-confidence.json")));
        STUBS.stubFor(anthropic().willReturn(fixture(529, "anthropic-error-529-overloaded.json")));
        STUBS.stubFor(
                openAi("gpt-5.4-mini")
                        .willReturn(openAiFixture(200, "chat-completion-structured.json")));

        JsonNode task = submit(CUSTOMER_FACING);

        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("succeeded");
        assertThat(attempts(task, "provider"))
                .as(task.toString())
                .containsExactly("gemini", "anthropic", "openai");
        assertThat(attempts(task, "outcome"))
                .containsExactly("low_confidence", "overloaded", "pass");
        JsonNode overloaded = task.path("attempts").get(1);
        assertThat(overloaded.path("detail").path("httpStatus").asInt()).isEqualTo(529);
        assertThat(overloaded.path("detail").path("errorCode").asString())
                .isEqualTo("overloaded_error");
        assertThat(overloaded.path("detail").path("next").asString()).isEqualTo("next_rung");
        // Overloaded is the provider's state, not this call's: no second try at the same vendor.
        STUBS.verify(1, postRequestedFor(urlEqualTo("/anthropic/v1/messages")));
        // Gemini's 1,893 prompt tokens at $0.10 and 27 output tokens at $0.40 per million.
        assertThat(task.path("attempts").get(0).path("costUsd").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.0002001"));
        assertThat(task.path("attempts").get(0).path("modelAnswered").asString()).isEqualTo(GEMINI);

        JsonNode toGemini = json.readTree(only(geminiPath()).getBodyAsString());
        assertThat(only(geminiPath()).getHeader("x-goog-api-key")).isEqualTo("gm-test");
        assertThat(toGemini.path("generationConfig").path("responseMimeType").asString())
                .isEqualTo("application/json");
        assertThat(
                        toGemini.path("generationConfig")
                                .path("responseJsonSchema")
                                .path("properties")
                                .path("label")
                                .path("enum"))
                .hasSize(4);
        assertThat(toGemini.path("generationConfig").path("maxOutputTokens").asInt())
                .isEqualTo(400);
        assertThat(toGemini.path("systemInstruction").path("parts").get(0).path("text").asString())
                .contains("inbound-lead triage analyst");

        LoggedRequest toClaude = only("/anthropic/v1/messages");
        assertThat(toClaude.getHeader("x-api-key")).isEqualTo("sk-ant-test");
        JsonNode claude = json.readTree(toClaude.getBodyAsString());
        assertThat(claude.path("max_tokens").asInt()).isEqualTo(400);
        assertThat(claude.path("system").get(0).path("cache_control").path("type").asString())
                .isEqualTo("ephemeral");
        JsonNode format = claude.path("output_config").path("format");
        assertThat(format.path("type").asString()).isEqualTo("json_schema");
        JsonNode confidence = format.path("schema").path("properties").path("confidence");
        // Anthropic's structured outputs take no numeric bounds: they move to the description.
        assertThat(confidence.has("minimum")).isFalse();
        assertThat(confidence.path("description").asString()).contains("minimum: 0");
    }

    @Test
    void anthropicCacheWritesAndReadsArePricedApart() {
        STUBS.stubFor(gemini().willReturn(fixture(503, "gemini-error-503-unavailable.json")));
        STUBS.stubFor(
                anthropic()
                        .inScenario("cache")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(
                                fixture(200, "anthropic-message-structured.json")
                                        .withHeader("request-id", "req_011CWriteAbc"))
                        .willSetStateTo("warm"));
        STUBS.stubFor(
                anthropic()
                        .inScenario("cache")
                        .whenScenarioStateIs("warm")
                        .willReturn(fixture(200, "anthropic-message-cached.json")));

        JsonNode written = submit(CUSTOMER_FACING);
        JsonNode read = submit(CUSTOMER_FACING);

        assertThat(attempts(written, "outcome")).containsExactly("overloaded", "pass");
        JsonNode first = written.path("attempts").get(1);
        assertThat(first.path("provider").asString()).isEqualTo("anthropic");
        assertThat(first.path("modelAnswered").asString()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(first.path("tokens").path("input").asLong()).isEqualTo(86 + 1788);
        assertThat(first.path("tokens").path("cachedInput").asLong()).isZero();
        assertThat(first.path("detail").path("cacheWriteTokens").asLong()).isEqualTo(1788);
        // 86 input tokens at $1, 1,788 written to the cache at $1.25, 31 output at $5 per million.
        assertThat(first.path("costUsd").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.002476"));
        assertThat(
                        jdbc.sql(
                                        "select provider_request_id from attempt where task_id ="
                                                + " ?::uuid and provider = 'anthropic'")
                                .param(written.path("taskId").asString())
                                .query(String.class)
                                .single())
                .isEqualTo("req_011CWriteAbc");

        JsonNode second = read.path("attempts").get(1);
        assertThat(second.path("tokens").path("cachedInput").asLong()).isEqualTo(1788);
        // The same prompt read from the cache: 1,788 tokens at $0.10.
        assertThat(second.path("costUsd").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.0004198"));
    }

    @Test
    void anAnthropicRefusalEscalatesAndIsStillPriced() {
        STUBS.stubFor(gemini().willReturn(fixture(503, "gemini-error-503-unavailable.json")));
        STUBS.stubFor(anthropic().willReturn(fixture(200, "anthropic-message-refusal.json")));
        STUBS.stubFor(
                openAi("gpt-5.4-mini")
                        .willReturn(openAiFixture(200, "chat-completion-structured.json")));

        JsonNode task = submit(CUSTOMER_FACING);

        assertThat(attempts(task, "outcome")).containsExactly("overloaded", "refusal", "pass");
        // A refusal without content is still paid for: 1,874 prompt tokens and 3 output tokens.
        assertThat(task.path("attempts").get(1).path("costUsd").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.001889"));
    }

    @Test
    void aGeminiQuotaErrorIsRetriedLikeARateLimit() {
        STUBS.stubFor(
                gemini().inScenario("quota")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(fixture(429, "gemini-error-429-resource-exhausted.json"))
                        .willSetStateTo("clear"));
        STUBS.stubFor(
                gemini().inScenario("quota")
                        .whenScenarioStateIs("clear")
                        .willReturn(fixture(200, "gemini-generate-content-structured.json")));

        JsonNode task = submit(CUSTOMER_FACING);

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(attempts(task, "outcome")).containsExactly("rate_limited", "pass");
        JsonNode quota = task.path("attempts").get(0).path("detail");
        assertThat(quota.path("httpStatus").asInt()).isEqualTo(429);
        assertThat(quota.path("message").asString()).contains("exceeded your current quota");
    }

    @Test
    void aBulkJobMustStartOnTheBatchApisProvider() {
        int jobsBefore = leadJobs();

        var response =
                send(
                        java.net.http.HttpRequest.newBuilder(uri("/v1/jobs/lead-classification"))
                                .header("X-API-Key", DEV_KEY)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "{\"input\":{\"email\":\"vp@bigco.com\"}}\n"))
                                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).toString())
                .contains("Batch API of openai", LOCAL + " is served by local");
        assertThat(leadJobs()).isEqualTo(jobsBefore);
    }

    private int leadJobs() {
        return jdbc.sql("select count(*) from bulk_job where task_type = 'lead-classification'")
                .query(Integer.class)
                .single();
    }

    private JsonNode submit(String body) {
        var response = post("/v1/tasks/lead-classification", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static List<String> attempts(JsonNode task, String field) {
        return task.path("attempts").valueStream().map(a -> a.path(field).asString()).toList();
    }

    private static LoggedRequest only(String path) {
        List<LoggedRequest> found = STUBS.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static String geminiPath() {
        return "/gemini/v1beta/models/" + GEMINI + ":generateContent";
    }

    private static MappingBuilder gemini() {
        return WireMock.post(urlEqualTo(geminiPath()));
    }

    private static MappingBuilder anthropic() {
        return WireMock.post(urlEqualTo("/anthropic/v1/messages"));
    }

    private static MappingBuilder openAi(String model) {
        return WireMock.post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)));
    }

    private static ResponseDefinitionBuilder fixture(int status, String file) {
        return resource(status, "provider-wire/" + file);
    }

    private static ResponseDefinitionBuilder openAiFixture(int status, String file) {
        return resource(status, "openai-wire/" + file);
    }

    private static ResponseDefinitionBuilder resource(int status, String path) {
        try {
            return aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                            new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
