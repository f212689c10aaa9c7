package dev.rung.gateway.internal;

import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ReasoningEffort;
import dev.rung.gateway.ServiceTier;
import dev.rung.gateway.TokenLogprob;
import dev.rung.gateway.TokenUsage;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The Chat Completions wire spoken directly: the request written and the answer read with Rung's
 * own JSON mapper, over the JDK's HTTP client. The same call as through Spring AI and the SDK
 * ({@link OpenAiChatGateway}), without their layers: one JSON stack instead of two, no intermediate
 * objects per call, headers and log-probabilities read from the response itself. Retries are Rung's
 * alone; the JDK client makes none.
 */
final class JdkChatCompletions implements ProviderClient {

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final Optional<String> organization;
    private final JsonMapper json;
    private final String provider;
    private final boolean openAiItself;

    /**
     * @param baseUrl up to and with the API version, e.g. {@code https://api.openai.com/v1}
     * @param openAiItself whether the other end is OpenAI (or the simulator standing in for it):
     *     only then are OpenAI's own extensions sent
     */
    JdkChatCompletions(
            String baseUrl,
            String apiKey,
            Optional<String> organization,
            JsonMapper json,
            String provider,
            boolean openAiItself) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/chat/completions");
        this.http =
                HttpClient.newBuilder()
                        // HTTP/1.1, a kept-alive connection per call in flight: over HTTP/2 the
                        // JDK's client puts every call to a host on one connection and fails the
                        // ones past the server's concurrent-stream limit (JDK-8225647) instead of
                        // opening another, and Rung runs hundreds of calls to one host at once.
                        .version(HttpClient.Version.HTTP_1_1)
                        // The client's own tasks on virtual threads, as the calls' are: its default
                        // pool of platform threads would grow with the calls in flight.
                        .executor(Executors.newVirtualThreadPerTaskExecutor())
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        this.apiKey = apiKey;
        this.organization = organization;
        this.json = json;
        this.provider = provider;
        this.openAiItself = openAiItself;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ModelOutcome call(ModelRequest request) {
        long started = System.nanoTime();
        try {
            HttpRequest.Builder call =
                    HttpRequest.newBuilder(endpoint)
                            .timeout(CallOutcomes.timeout(request))
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body(request)));
            organization.ifPresent(id -> call.header("OpenAI-Organization", id));
            HttpResponse<byte[]> response =
                    http.send(call.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = kept(response.headers());
            return response.statusCode() / 100 == 2
                    ? answer(read(response.body()), CallOutcomes.elapsedSince(started), headers)
                    : failure(request, response.statusCode(), response.body(), started, headers);
        } catch (HttpTimeoutException e) {
            return CallOutcomes.timedOut(request, started, Map.of());
        } catch (IOException e) {
            return CallOutcomes.brokenExchange(e, request, started, Map.of());
        } catch (InterruptedException e) {
            // A hedge's twin answered first (the JDK client cancels the exchange when its thread is
            // interrupted); any other interrupt is kept for the caller to see.
            if (!CallOutcomes.cancelledByRung()) {
                Thread.currentThread().interrupt();
            }
            return CallOutcomes.brokenExchange(e, request, started, Map.of());
        }
    }

    private byte[] body(ModelRequest request) {
        ObjectNode body = json.createObjectNode();
        body.putArray("messages")
                .add(
                        json.createObjectNode()
                                .put("content", request.systemMessage())
                                .put("role", "system"))
                .add(
                        json.createObjectNode()
                                .put("content", request.userMessage())
                                .put("role", "user"));
        body.put("model", request.model());
        body.put("max_completion_tokens", request.maxOutputTokens());
        ObjectNode schema =
                body.putObject("response_format")
                        .put("type", "json_schema")
                        .putObject("json_schema");
        schema.put("name", request.schemaName());
        schema.put("strict", true);
        schema.set("schema", request.outputSchema());
        if (openAiItself) {
            body.put("prompt_cache_key", request.promptCacheKey());
            if (request.reasoningEffort() != null) {
                body.put("reasoning_effort", request.reasoningEffort().wireValue());
            }
            if (request.serviceTier() == ServiceTier.FLEX) {
                body.put("service_tier", ServiceTier.FLEX.wire());
            }
        } else if (request.reasoningEffort() != null
                && request.reasoningEffort() != ReasoningEffort.NONE) {
            body.put("reasoning_effort", request.reasoningEffort().wireValue());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.sendsLogprobs()) {
            body.put("logprobs", true);
            if (request.topLogprobs() > 0) {
                body.put("top_logprobs", request.topLogprobs());
            }
        }
        return json.writeValueAsBytes(body);
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    private ModelOutcome.Answer answer(
            JsonNode response, Duration latency, Map<String, String> headers) {
        JsonNode choice = response.path("choices").path(0);
        JsonNode message = choice.path("message");
        String text = message.path("content").asString("");
        Optional<String> refusal =
                Optional.ofNullable(message.path("refusal").asString(null))
                        .filter(value -> !value.isBlank());
        JsonNode usage = response.path("usage");
        return new ModelOutcome.Answer(
                text,
                CallOutcomes.parse(json, text),
                refusal,
                FinishReason.of(choice.path("finish_reason").asString(null)),
                new TokenUsage(
                        usage.path("prompt_tokens").asLong(0),
                        usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                        usage.path("completion_tokens").asLong(0),
                        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0)),
                response.path("model").asString(""),
                latency,
                Optional.ofNullable(headers.get("x-request-id")),
                headers,
                logprobs(choice.path("logprobs").path("content")));
    }

    private static Optional<List<TokenLogprob>> logprobs(JsonNode content) {
        if (!content.isArray()) {
            return Optional.empty();
        }
        List<TokenLogprob> tokens = new ArrayList<>(content.size());
        for (JsonNode token : content) {
            tokens.add(
                    new TokenLogprob(
                            token.path("token").asString(""), token.path("logprob").asDouble()));
        }
        return Optional.of(tokens);
    }

    private ModelOutcome.Failure failure(
            ModelRequest request,
            int status,
            byte[] body,
            long startedNanos,
            Map<String, String> headers) {
        JsonNode error = read(body).path("error");
        Optional<String> code =
                Optional.ofNullable(error.path("code").asString(null)).filter(c -> !c.isBlank());
        return CallOutcomes.answeredWithError(
                FailureClassifier.classify(status, code, request.serviceTier()),
                status,
                code,
                status + ": " + error.path("message").asString("no error message"),
                startedNanos,
                headers,
                Optional.ofNullable(headers.get("x-request-id")));
    }

    /** The headers an attempt keeps, named in lower case. */
    private static Map<String, String> kept(HttpHeaders headers) {
        return CallOutcomes.kept(
                headers.map().keySet(), headers::allValues, ResponseHeaderCapture::keeps);
    }
}
