package dev.rung.gateway.internal;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.Reasoning;
import com.openai.models.ResponsesModel;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextConfig;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;

import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.ServiceTier;
import dev.rung.gateway.TokenLogprob;
import dev.rung.gateway.TokenUsage;

import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}) as the wire of the models configured for it,
 * through the official SDK: the same call as over Chat Completions — {@code instructions} for the
 * system message, strict {@code text.format} json_schema, {@code max_output_tokens}, {@code
 * reasoning.effort}, {@code prompt_cache_key}, flex — with {@code store: false}, so OpenAI keeps no
 * copy of the input. Usage (cached and reasoning tokens), refusals, an incomplete answer (cut at
 * {@code max_output_tokens}) and log-probabilities are read from the response's output items.
 */
final class OpenAiResponsesGateway implements ProviderClient {

    private final OpenAIClient client;
    private final String provider;
    private final JsonMapper json;

    OpenAiResponsesGateway(OpenAIClient client, String provider, JsonMapper json) {
        this.client = client;
        this.provider = provider;
        this.json = json;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ModelOutcome call(ModelRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponseFor<Response> response =
                    client.responses()
                            .withRawResponse()
                            .create(
                                    params(request),
                                    RequestOptions.builder()
                                            .timeout(CallOutcomes.timeout(request))
                                            .build());
            return answer(
                    response.parse(), CallOutcomes.elapsedSince(started), kept(response.headers()));
        } catch (OpenAIServiceException e) {
            Map<String, String> headers = kept(e.headers());
            return CallOutcomes.answeredWithError(
                    FailureClassifier.classify(e.statusCode(), e.code(), request.serviceTier()),
                    e.statusCode(),
                    e.code(),
                    e.getMessage(),
                    started,
                    headers,
                    Optional.ofNullable(headers.get("x-request-id")));
        } catch (OpenAIIoException e) {
            return CallOutcomes.brokenExchange(e, request, started, Map.of());
        }
    }

    private ResponseCreateParams params(ModelRequest request) {
        ResponseFormatTextJsonSchemaConfig.Schema.Builder schema =
                ResponseFormatTextJsonSchemaConfig.Schema.builder();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = json.convertValue(request.outputSchema(), Map.class);
        fields.forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
        ResponseCreateParams.Builder params =
                ResponseCreateParams.builder()
                        .model(request.model())
                        .instructions(request.systemMessage())
                        .input(request.userMessage())
                        .maxOutputTokens(request.maxOutputTokens())
                        .promptCacheKey(request.promptCacheKey())
                        .store(false)
                        .text(
                                ResponseTextConfig.builder()
                                        .format(
                                                ResponseFormatTextConfig.ofJsonSchema(
                                                        ResponseFormatTextJsonSchemaConfig.builder()
                                                                .name(request.schemaName())
                                                                .schema(schema.build())
                                                                .strict(true)
                                                                .build()))
                                        .build());
        if (request.reasoningEffort() != null) {
            params.reasoning(
                    Reasoning.builder()
                            .effort(
                                    com.openai.models.ReasoningEffort.of(
                                            request.reasoningEffort().wireValue()))
                            .build());
        }
        if (request.serviceTier() == ServiceTier.FLEX) {
            params.serviceTier(ResponseCreateParams.ServiceTier.FLEX);
        }
        if (request.sendsLogprobs()) {
            params.addInclude(ResponseIncludable.MESSAGE_OUTPUT_TEXT_LOGPROBS);
            params.topLogprobs(request.topLogprobs());
        }
        return params.build();
    }

    private ModelOutcome.Answer answer(
            Response response, Duration latency, Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        List<TokenLogprob> logprobs = new ArrayList<>();
        for (ResponseOutputItem item : response.output()) {
            for (ResponseOutputMessage.Content content :
                    item.message().map(ResponseOutputMessage::content).orElse(List.of())) {
                content.outputText()
                        .ifPresent(
                                part -> {
                                    text.append(part.text());
                                    part.logprobs().orElse(List.of()).stream()
                                            .map(
                                                    (ResponseOutputText.Logprob token) ->
                                                            new TokenLogprob(
                                                                    token.token(), token.logprob()))
                                            .forEach(logprobs::add);
                                });
                content.refusal().ifPresent(part -> refusal.append(part.refusal()));
            }
        }
        return new ModelOutcome.Answer(
                text.toString(),
                CallOutcomes.parse(json, text.toString()),
                refusal.isEmpty() ? Optional.empty() : Optional.of(refusal.toString()),
                finishReason(response),
                usage(response.usage()),
                model(response.model()),
                latency,
                Optional.ofNullable(headers.get("x-request-id"))
                        .or(() -> Optional.of(response.id())),
                headers,
                logprobs.isEmpty() ? Optional.empty() : Optional.of(logprobs));
    }

    /** An incomplete response says why: the token cap (truncated) or the content filter. */
    private static FinishReason finishReason(Response response) {
        String status = response.status().map(s -> s.asString()).orElse("completed");
        if (status.equals("completed")) {
            return FinishReason.STOP;
        }
        String reason =
                response.incompleteDetails()
                        .flatMap(Response.IncompleteDetails::reason)
                        .map(r -> r.asString())
                        .orElse("");
        return switch (reason) {
            case "max_output_tokens" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private static TokenUsage usage(Optional<ResponseUsage> usage) {
        return usage.map(
                        found ->
                                new TokenUsage(
                                        found.inputTokens(),
                                        found.inputTokensDetails().cachedTokens(),
                                        found.outputTokens(),
                                        found.outputTokensDetails().reasoningTokens()))
                .orElse(TokenUsage.NONE);
    }

    private static String model(ResponsesModel model) {
        return model.string()
                .or(() -> model.chat().map(chat -> chat.asString()))
                .orElseGet(model::toString);
    }

    /** The headers an attempt keeps, as over Chat Completions. */
    private static Map<String, String> kept(Headers headers) {
        return CallOutcomes.kept(headers.names(), headers::values, ResponseHeaderCapture::keeps);
    }
}
