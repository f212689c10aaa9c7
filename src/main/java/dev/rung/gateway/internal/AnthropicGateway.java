package dev.rung.gateway.internal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.JsonOutputFormat;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.OutputConfig;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Usage;

import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.TokenUsage;
import dev.rung.gateway.internal.GatewayProperties.OtherProvider;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.anthropic.AnthropicSetup;
import org.springframework.util.StringUtils;

import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's Messages API as a rung, through the official Java SDK as Spring AI's {@link
 * AnthropicSetup} builds it (its retries off). The answer's shape is held by structured outputs
 * ({@code output_config.format}, a JSON schema the model's decoding follows, as strict mode does
 * for OpenAI), not by a forced tool call, which constrains nothing. The static system message is
 * marked for Anthropic's prompt cache: its reads and writes are counted and priced apart. Rung
 * builds the request itself rather than through Spring AI's chat model, which drops the usage of an
 * answer without content (a refusal): a call that was paid for must be priced.
 */
final class AnthropicGateway implements ProviderClient {

    private final AnthropicClient client;
    private final String provider;
    private final JsonMapper json;

    private AnthropicGateway(AnthropicClient client, String provider, JsonMapper json) {
        this.client = client;
        this.provider = provider;
        this.json = json;
    }

    static AnthropicGateway create(String name, OtherProvider settings, JsonMapper json) {
        return new AnthropicGateway(
                AnthropicSetup.setupSyncClient(
                        StringUtils.hasText(settings.baseUrl())
                                ? settings.baseUrl()
                                : "https://api.anthropic.com",
                        settings.apiKey(),
                        GatewayProperties.DEFAULT_TIMEOUT,
                        0,
                        null,
                        Map.of(),
                        ObservationRegistry.NOOP,
                        null),
                name,
                json);
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public ModelOutcome call(ModelRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponseFor<Message> response =
                    client.messages()
                            .withRawResponse()
                            .create(
                                    params(request),
                                    RequestOptions.builder()
                                            .timeout(CallOutcomes.timeout(request))
                                            .build());
            Message message = response.parse();
            return answer(message, CallOutcomes.elapsedSince(started), kept(response.headers()));
        } catch (AnthropicServiceException e) {
            Map<String, String> headers = kept(e.headers());
            Optional<String> errorType = e.errorType().map(type -> type.asString());
            return CallOutcomes.answeredWithError(
                    FailureClassifier.classifyAnthropic(e.statusCode(), errorType),
                    e.statusCode(),
                    errorType,
                    e.getMessage(),
                    started,
                    headers,
                    Optional.ofNullable(headers.get("request-id")));
        } catch (AnthropicIoException e) {
            return CallOutcomes.brokenExchange(e, request, started, Map.of());
        }
    }

    private MessageCreateParams params(ModelRequest request) {
        return MessageCreateParams.builder()
                .model(request.model())
                .maxTokens(request.maxOutputTokens())
                .systemOfTextBlockParams(
                        List.of(
                                TextBlockParam.builder()
                                        .text(request.systemMessage())
                                        .cacheControl(CacheControlEphemeral.builder().build())
                                        .build()))
                .addUserMessage(request.userMessage())
                .outputConfig(
                        OutputConfig.builder()
                                .format(JsonOutputFormat.builder().schema(schema(request)).build())
                                .build())
                .build();
    }

    private JsonOutputFormat.Schema schema(ModelRequest request) {
        JsonOutputFormat.Schema.Builder schema = JsonOutputFormat.Schema.builder();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields =
                json.convertValue(VendorSchemas.forAnthropic(request.outputSchema()), Map.class);
        fields.forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
        return schema.build();
    }

    private ModelOutcome.Answer answer(
            Message message, java.time.Duration latency, Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            block.text().ifPresent(part -> text.append(part.text()));
        }
        Optional<StopReason> stop = message.stopReason();
        boolean refused = stop.map(StopReason.REFUSAL::equals).orElse(false);
        return new ModelOutcome.Answer(
                text.toString(),
                refused ? Optional.empty() : CallOutcomes.parse(json, text.toString()),
                refused
                        ? Optional.of(
                                text.isEmpty()
                                        ? "the model declined (stop_reason: refusal)"
                                        : text.toString())
                        : Optional.empty(),
                finishReason(stop),
                usage(message.usage()),
                message.model().asString(),
                latency,
                Optional.ofNullable(headers.get("request-id")).or(() -> Optional.of(message.id())),
                headers,
                Optional.empty());
    }

    private static FinishReason finishReason(Optional<StopReason> stop) {
        return switch (stop.map(StopReason::asString).orElse("")) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            default -> FinishReason.OTHER;
        };
    }

    /**
     * Anthropic counts cache reads and writes apart from {@code input_tokens}; Rung's input is
     * every prompt token, so they are added to it.
     */
    static TokenUsage usage(Usage usage) {
        long read = usage.cacheReadInputTokens().orElse(0L);
        long written = usage.cacheCreationInputTokens().orElse(0L);
        return new TokenUsage(
                usage.inputTokens() + read + written, read, usage.outputTokens(), 0, written);
    }

    /** The headers an attempt keeps: the request id, rate limits and how long to wait. */
    private static Map<String, String> kept(Headers headers) {
        return CallOutcomes.kept(
                headers.names(),
                headers::values,
                name ->
                        name.equals("request-id")
                                || name.startsWith("anthropic-ratelimit-")
                                || name.startsWith("retry-after"));
    }
}
