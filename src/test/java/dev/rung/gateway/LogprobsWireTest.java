package dev.rung.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.rung.support.LeadTypes;
import dev.rung.support.ServiceClient;

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
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A task type that takes its confidence from log-probabilities, against an OpenAI stub serving the
 * wire fixtures: Rung asks for {@code logprobs} and {@code top_logprobs} only where OpenAI allows
 * them (reasoning effort none), reads them from the answer, and judges the label's probability.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"rung.gateway.provider=openai", "spring.ai.openai.api-key=sk-test-key"})
@ActiveProfiles("test")
class LogprobsWireTest extends ServiceClient {

    static final WireMockServer OPENAI = new WireMockServer(options().dynamicPort());
    private static final int PORT = freePort();

    /** The label's four tokens in the fixture, summed by hand. */
    private static final double LABEL = Math.exp(-0.0000012 - 0.2231436 - 0.0000450 - 0.0000021);

    static {
        OPENAI.start();
    }

    @DynamicPropertySource
    static void openAi(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.ai.openai.base-url", () -> OPENAI.baseUrl() + "/v1");
    }

    @Autowired ModelGateway gateway;

    @BeforeEach
    void reset() {
        OPENAI.resetAll();
    }

    @AfterAll
    static void stop() {
        OPENAI.stop();
    }

    @Test
    void readsOpenAisLogprobsExampleTokenByToken() {
        OPENAI.stubFor(
                WireMock.post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(fixture("chat-completion-logprobs.json")));

        ModelOutcome outcome =
                gateway.call(
                        new ModelRequest(
                                "gpt-5.4-nano",
                                "system",
                                "user",
                                "answer",
                                json.readTree("{\"type\":\"object\"}"),
                                100,
                                ReasoningEffort.NONE,
                                "key",
                                Duration.ofSeconds(2),
                                10,
                                true,
                                2,
                                null));

        assertThat(outcome).isInstanceOf(ModelOutcome.Answer.class);
        List<TokenLogprob> tokens = ((ModelOutcome.Answer) outcome).logprobs().orElseThrow();
        assertThat(tokens).hasSize(9);
        assertThat(tokens.getFirst()).isEqualTo(new TokenLogprob("Hello", -0.31725305));
        assertThat(tokens.getLast()).isEqualTo(new TokenLogprob("?", -0.0008108172));
        OPENAI.verify(
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(matchingJsonPath("$.logprobs", equalTo("true")))
                        .withRequestBody(matchingJsonPath("$.top_logprobs", equalTo("2")))
                        .withHeader("X-Rung-Logprobs", absent()));
    }

    @Test
    void theLabelsTokenProbabilityIsTheConfidenceTheThresholdJudges() throws IOException {
        define("lead-logprobs", "logprobs", 0.85, null);
        OPENAI.stubFor(
                WireMock.post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(fixture("chat-completion-structured-logprobs.json")));

        JsonNode task = submit("lead-logprobs");

        JsonNode first = task.path("attempts").get(0);
        assertThat(first.path("outcome").asString()).isEqualTo("low_confidence");
        assertThat(first.path("detail").path("source").asString()).isEqualTo("logprobs");
        assertThat(first.path("detail").path("confidence").asDouble())
                .isCloseTo(LABEL, within(1e-9));
        OPENAI.verify(
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-5.4-nano")))
                        .withRequestBody(matchingJsonPath("$.logprobs", equalTo("true")))
                        .withRequestBody(matchingJsonPath("$.top_logprobs", equalTo("2"))));
    }

    @Test
    void aModelThatReasonsGetsNoLogprobsRequestAndItsAnswerIsNotTakenAsConfident()
            throws IOException {
        // gpt-5.4 reasons with effort low here: OpenAI refuses logprobs with it.
        define("lead-logprobs-reasoning", "logprobs", 0.7, "full-only");
        OPENAI.stubFor(
                WireMock.post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(fixture("chat-completion-structured.json")));

        JsonNode task = submit("lead-logprobs-reasoning");

        JsonNode first = task.path("attempts").get(0);
        assertThat(first.path("outcome").asString()).isEqualTo("low_confidence");
        assertThat(first.path("detail").path("confidence").isNull()).isTrue();
        assertThat(first.path("detail").path("note").asString()).contains("no log-probabilities");
        OPENAI.verify(
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-5.4")))
                        .withRequestBody(matchingJsonPath("$.logprobs", absent())));
    }

    @Test
    void lowerTakesTheLowerOfTheAnswersOwnConfidenceAndItsTokens() throws IOException {
        define("lead-lower", "lower", 0.7, null);
        OPENAI.stubFor(
                WireMock.post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(fixture("chat-completion-structured-logprobs.json")));

        JsonNode task = submit("lead-lower");

        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        JsonNode first = task.path("attempts").get(0);
        assertThat(first.path("outcome").asString()).isEqualTo("pass");
        assertThat(first.path("detail").path("confidence").asDouble())
                .as("the tokens' 0.80, not the answer's own 0.91")
                .isCloseTo(LABEL, within(1e-9));
    }

    /** The shipped lead type under another name, with its confidence from log-probabilities. */
    private void define(String slug, String source, double threshold, String policy)
            throws IOException {
        ObjectNode definition = LeadTypes.named(slug);
        ObjectNode confidence = definition.putObject("confidence");
        confidence.put("source", source);
        if (source.equals("lower")) {
            confidence.put("field", "confidence");
        }
        confidence.put("of", "label");
        confidence.put("topLogprobs", 2);
        confidence.putObject("thresholds").put("A", threshold).put("B", threshold);
        if (policy != null) {
            definition
                    .putObject("tiers")
                    .put("default", "B")
                    .putObject("policies")
                    .put("B", policy);
        }
        var created = post("/v1/task-types", definition.toString());
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    }

    private JsonNode submit(String slug) {
        var response =
                post(
                        "/v1/tasks/" + slug,
                        """
                        {"subjectId":"logprobs","input":{"email":"vp@bigco.com","title":"VP Sales","companySize":900,"message":"Pricing for 50 seats?"}}\
                        """);
        return body(response);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fixture(
            String file) {
        try {
            return aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                            new ClassPathResource("openai-wire/" + file)
                                    .getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
