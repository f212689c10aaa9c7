package dev.rung.gateway.internal;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.completions.CompletionUsage;

import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ReasoningEffort;
import dev.rung.gateway.ServiceTier;
import dev.rung.gateway.TokenLogprob;
import dev.rung.gateway.TokenUsage;

import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Calls over the Chat Completions wire through Spring AI's OpenAI client: strict {@code
 * response_format}, {@code max_completion_tokens}, {@code reasoning_effort} and {@code
 * prompt_cache_key} on the request; {@code logprobs} and {@code top_logprobs} when the task wants
 * them; usage with cached and reasoning tokens, finish reason, refusal, log-probabilities and the
 * dated model name from the response. The SDK's own retries are off; a failure is returned, never
 * retried here. An OpenAI-compatible server (Ollama, vLLM) gets the same call without OpenAI's own
 * extensions ({@code prompt_cache_key}, {@code service_tier}, {@code reasoning_effort: none}),
 * which such servers reject or ignore.
 */
class OpenAiChatGateway implements ProviderClient {

    private final OpenAiChatModel chatModel;
    private final ResponseHeaderCapture headers;
    private final JsonMapper json;
    private final String provider;
    private final boolean openAiItself;

    /**
     * @param provider the name stored with every attempt
     * @param openAiItself whether the other end is OpenAI (or the simulator standing in for it)
     */
    OpenAiChatGateway(
            OpenAiChatModel chatModel,
            ResponseHeaderCapture headers,
            JsonMapper json,
            String provider,
            boolean openAiItself) {
        this.chatModel = chatModel;
        this.headers = headers;
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
        String callId = UUID.randomUUID().toString();
        long started = System.nanoTime();
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
                    CallOutcomes.elapsedSince(started),
                    headers.take(callId),
                    headers.takeLogprobs(callId));
        } catch (OpenAIServiceException e) {
            headers.takeLogprobs(callId);
            Map<String, String> captured = headers.take(callId);
            return CallOutcomes.answeredWithError(
                    FailureClassifier.classify(e.statusCode(), e.code(), request.serviceTier()),
                    e.statusCode(),
                    e.code(),
                    e.getMessage(),
                    started,
                    captured,
                    Optional.ofNullable(captured.get("x-request-id")));
        } catch (OpenAIIoException e) {
            headers.takeLogprobs(callId);
            return CallOutcomes.brokenExchange(e, request, started, headers.take(callId));
        }
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
                        .timeout(CallOutcomes.timeout(request))
                        .customHeaders(
                                request.sendsLogprobs()
                                        ? Map.of(
                                                ResponseHeaderCapture.CALL_ID_HEADER,
                                                callId,
                                                ResponseHeaderCapture.LOGPROBS_HEADER,
                                                "true")
                                        : Map.of(ResponseHeaderCapture.CALL_ID_HEADER, callId));
        if (openAiItself) {
            builder.promptCacheKey(request.promptCacheKey());
            if (request.reasoningEffort() != null) {
                builder.reasoningEffort(request.reasoningEffort().wireValue());
            }
            if (request.serviceTier() == ServiceTier.FLEX) {
                builder.serviceTier(ServiceTier.FLEX.wire());
            }
        } else if (request.reasoningEffort() != null
                && request.reasoningEffort() != ReasoningEffort.NONE) {
            builder.reasoningEffort(request.reasoningEffort().wireValue());
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
        String text =
                generation == null
                        ? ""
                        : CallOutcomes.nullToEmpty(generation.getOutput().getText());
        Optional<String> refusal =
                generation == null
                        ? Optional.empty()
                        : Optional.ofNullable(generation.getOutput().getMetadata().get("refusal"))
                                .map(Object::toString)
                                .filter(value -> !value.isBlank());
        String finish = generation == null ? null : generation.getMetadata().getFinishReason();
        return new ModelOutcome.Answer(
                text,
                CallOutcomes.parse(json, text),
                refusal,
                FinishReason.of(finish),
                usage(response),
                response.getMetadata().getModel(),
                latency,
                Optional.ofNullable(captured.get("x-request-id")),
                captured,
                logprobs);
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
}
