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
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The Chat Completions wire spoken directly: the request written and the answer read with Rung's
 * own JSON mapper, over the JDK's HTTP client. The same call as through Spring AI and the SDK
 * ({@link OpenAiChatGateway}), without their layers: one JSON stack instead of two, the request and
 * answer bound to records without a tree between ({@link ChatCompletionsWire}), headers and
 * log-probabilities read from the response itself. Retries are Rung's alone; the JDK client makes
 * none.
 */
final class JdkChatCompletions implements ProviderClient {

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final Optional<String> organization;
    private final JsonMapper json;
    // Rung's mapper refuses unknown properties (callers' typos are errors); a provider's answer has
    // many fields Rung does not read and gains more over time.
    private final ObjectReader answers;
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
        this.answers =
                json.readerFor(ChatCompletionsWire.Response.class)
                        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
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
                    ? answer(response(response.body()), CallOutcomes.elapsedSince(started), headers)
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
        ReasoningEffort effort = request.reasoningEffort();
        // Other servers get an effort only when it asks for reasoning: "none" is OpenAI's own.
        boolean sendsEffort = effort != null && (openAiItself || effort != ReasoningEffort.NONE);
        return json.writeValueAsBytes(
                new ChatCompletionsWire.Request(
                        request.model(),
                        List.of(
                                new ChatCompletionsWire.Message("system", request.systemMessage()),
                                new ChatCompletionsWire.Message("user", request.userMessage())),
                        request.maxOutputTokens(),
                        ChatCompletionsWire.ResponseFormat.strict(
                                request.schemaName(), request.outputSchema()),
                        openAiItself ? request.promptCacheKey() : null,
                        sendsEffort ? effort.wireValue() : null,
                        openAiItself && request.serviceTier() == ServiceTier.FLEX
                                ? ServiceTier.FLEX.wire()
                                : null,
                        request.seed(),
                        request.sendsLogprobs() ? Boolean.TRUE : null,
                        request.sendsLogprobs() && request.topLogprobs() > 0
                                ? request.topLogprobs()
                                : null));
    }

    /** The answer bound directly; an unreadable body reads as an empty answer. */
    private ChatCompletionsWire.Response response(byte[] body) {
        try {
            return answers.readValue(body);
        } catch (JacksonException e) {
            return new ChatCompletionsWire.Response(null, null, null);
        }
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    private ModelOutcome.Answer answer(
            ChatCompletionsWire.Response response, Duration latency, Map<String, String> headers) {
        ChatCompletionsWire.Choice choice = response.first();
        ChatCompletionsWire.AnswerMessage message =
                choice.message() == null
                        ? new ChatCompletionsWire.AnswerMessage(null, null)
                        : choice.message();
        String text = message.content() == null ? "" : message.content();
        ChatCompletionsWire.Usage usage = response.usageOrNone();
        return new ModelOutcome.Answer(
                text,
                CallOutcomes.parse(json, text),
                Optional.ofNullable(message.refusal()).filter(value -> !value.isBlank()),
                FinishReason.of(choice.finishReason()),
                new TokenUsage(
                        usage.promptTokens(),
                        usage.cachedTokens(),
                        usage.completionTokens(),
                        usage.reasoningTokens()),
                response.model() == null ? "" : response.model(),
                latency,
                Optional.ofNullable(headers.get("x-request-id")),
                headers,
                logprobs(choice.logprobs()));
    }

    private static Optional<List<TokenLogprob>> logprobs(ChatCompletionsWire.Logprobs logprobs) {
        if (logprobs == null || logprobs.content() == null) {
            return Optional.empty();
        }
        return Optional.of(
                logprobs.content().stream()
                        .map(
                                token ->
                                        new TokenLogprob(
                                                token.token() == null ? "" : token.token(),
                                                token.logprob()))
                        .toList());
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
