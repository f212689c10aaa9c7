package dev.rung.gateway.internal;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.completions.CompletionUsage;

import dev.rung.gateway.CallCancellation;
import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ServiceTier;
import dev.rung.gateway.TokenLogprob;
import dev.rung.gateway.TokenUsage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The model gateway over Spring AI's OpenAI client: strict {@code response_format}, {@code
 * max_completion_tokens}, {@code reasoning_effort} and {@code prompt_cache_key} on the request;
 * {@code logprobs} and {@code top_logprobs} when the task wants them; usage with cached and
 * reasoning tokens, finish reason, refusal, log-probabilities and the dated model name from the
 * response. The SDK's own retries are off ({@code spring.ai.openai.max-retries=0}); a failure is
 * returned, never retried here.
 */
@Component
class OpenAiChatGateway implements ProviderClient {

    private static final Logger log = LoggerFactory.getLogger(OpenAiChatGateway.class);

    private final OpenAiChatModel chatModel;
    private final ResponseHeaderCapture headers;
    private final JsonMapper json;
    private final GatewayProperties properties;

    OpenAiChatGateway(
            OpenAiChatModel chatModel,
            ResponseHeaderCapture headers,
            JsonMapper json,
            GatewayProperties properties) {
        this.chatModel = chatModel;
        this.headers = headers;
        this.json = json;
        this.properties = properties;
        log.info(
                "Model provider: {}{}",
                properties.provider(),
                properties.simulated() ? " (simulated answers: no OPENAI_API_KEY is set)" : "");
    }

    @Override
    public String provider() {
        return properties.provider();
    }

    @Override
    public ModelOutcome call(ModelRequest request) {
        String callId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        Optional<CallCancellation> cancellation = CallCancellation.current();
        if (cancellation.isPresent() && !cancellation.get().leaving()) {
            return cancelled(Duration.ZERO, "cancelled by Rung before it left", Map.of());
        }
        try {
            ChatResponse response =
                    chatModel.call(
                            new Prompt(
                                    List.of(
                                            new SystemMessage(request.systemMessage()),
                                            new UserMessage(request.userMessage())),
                                    options(request, callId)));
            return answer(
                    response,
                    elapsedSince(started),
                    headers.take(callId),
                    headers.takeLogprobs(callId));
        } catch (OpenAIServiceException e) {
            headers.takeLogprobs(callId);
            Map<String, String> captured = headers.take(callId);
            var failureClass =
                    FailureClassifier.classify(e.statusCode(), e.code(), request.serviceTier());
            return new ModelOutcome.Failure(
                    failureClass,
                    e.statusCode(),
                    e.code(),
                    e.getMessage(),
                    FailureClassifier.retryAfter(captured, failureClass),
                    elapsedSince(started),
                    Optional.ofNullable(captured.get("x-request-id")),
                    captured);
        } catch (OpenAIIoException e) {
            headers.takeLogprobs(callId);
            Map<String, String> captured = headers.take(callId);
            if (cancellation.map(CallCancellation::cancelled).orElse(false)) {
                // Rung closed the connection itself (a hedge's twin answered first): not the
                // provider's doing.
                return cancelled(
                        elapsedSince(started),
                        "cancelled by Rung: another call answered first",
                        captured);
            }
            boolean timedOut = hasCause(e, InterruptedIOException.class);
            return new ModelOutcome.Failure(
                    timedOut
                            ? dev.rung.gateway.FailureClass.TIMEOUT
                            : dev.rung.gateway.FailureClass.PROVIDER_ERROR,
                    0,
                    Optional.empty(),
                    timedOut ? "no answer within " + timeout(request) : e.getMessage(),
                    Optional.empty(),
                    elapsedSince(started),
                    Optional.empty(),
                    captured);
        } finally {
            cancellation.ifPresent(CallCancellation::returned);
        }
    }

    /**
     * A call Rung cancelled (a hedge's twin answered first); a zero latency says it never left, so
     * nothing was sent to be billed.
     */
    private static ModelOutcome.Failure cancelled(
            Duration latency, String why, Map<String, String> headers) {
        return new ModelOutcome.Failure(
                dev.rung.gateway.FailureClass.CANCELLED,
                0,
                Optional.empty(),
                why,
                Optional.empty(),
                latency,
                Optional.empty(),
                headers);
    }

    private OpenAiChatOptions options(ModelRequest request, String callId) {
        var schema =
                OpenAiChatModel.ResponseFormat.builder()
                        .type(OpenAiChatModel.ResponseFormat.Type.JSON_SCHEMA)
                        .jsonSchema(request.outputSchema().toString())
                        .strict(true)
                        .build();
        var builder =
                OpenAiChatOptions.builder()
                        .model(request.model())
                        .maxCompletionTokens(request.maxOutputTokens())
                        .responseFormat(schema)
                        .promptCacheKey(request.promptCacheKey())
                        .timeout(timeout(request))
                        .customHeaders(
                                request.sendsLogprobs()
                                        ? Map.of(
                                                ResponseHeaderCapture.CALL_ID_HEADER,
                                                callId,
                                                ResponseHeaderCapture.LOGPROBS_HEADER,
                                                "true")
                                        : Map.of(ResponseHeaderCapture.CALL_ID_HEADER, callId));
        if (request.reasoningEffort() != null) {
            builder.reasoningEffort(request.reasoningEffort().wireValue());
        }
        if (request.serviceTier() == ServiceTier.FLEX) {
            builder.serviceTier(ServiceTier.FLEX.wire());
        }
        if (request.seed() != null) {
            builder.seed(request.seed());
        }
        if (request.sendsLogprobs()) {
            builder.logprobs(true);
            if (request.topLogprobs() > 0) {
                builder.topLogprobs(request.topLogprobs());
            }
        }
        return builder.build();
    }

    private ModelOutcome.Answer answer(
            ChatResponse response,
            Duration latency,
            Map<String, String> captured,
            Optional<List<TokenLogprob>> logprobs) {
        Generation generation = response.getResult();
        String text = generation == null ? "" : nullToEmpty(generation.getOutput().getText());
        Optional<String> refusal =
                generation == null
                        ? Optional.empty()
                        : Optional.ofNullable(generation.getOutput().getMetadata().get("refusal"))
                                .map(Object::toString)
                                .filter(value -> !value.isBlank());
        String finish = generation == null ? null : generation.getMetadata().getFinishReason();
        return new ModelOutcome.Answer(
                text,
                parse(text),
                refusal,
                FinishReason.of(finish),
                usage(response),
                response.getMetadata().getModel(),
                latency,
                Optional.ofNullable(captured.get("x-request-id")),
                captured,
                logprobs);
    }

    private Optional<JsonNode> parse(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(text));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static TokenUsage usage(ChatResponse response) {
        if (!(response.getMetadata().getUsage().getNativeUsage()
                instanceof CompletionUsage usage)) {
            return TokenUsage.NONE;
        }
        long cached = usage.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(0L);
        long reasoning =
                usage.completionTokensDetails().flatMap(d -> d.reasoningTokens()).orElse(0L);
        return new TokenUsage(usage.promptTokens(), cached, usage.completionTokens(), reasoning);
    }

    private static Duration timeout(ModelRequest request) {
        return request.timeout() != null ? request.timeout() : GatewayProperties.DEFAULT_TIMEOUT;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
