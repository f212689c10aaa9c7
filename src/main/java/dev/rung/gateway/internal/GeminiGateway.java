package dev.rung.gateway.internal;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;

import dev.rung.gateway.FailureClassifier;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.gateway.TokenUsage;
import dev.rung.gateway.internal.GatewayProperties.OtherProvider;

import org.springframework.util.StringUtils;

import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google's Gemini API as a rung, through Google's official Java SDK (the client Spring AI's Gemini
 * model wraps) with its retries off. The answer's shape is held by a response JSON schema ({@code
 * responseMimeType: application/json} with {@code responseJsonSchema}). Rung calls the SDK itself
 * because Spring AI's chat model retries underneath and folds every error into one exception, while
 * Rung must tell an overloaded model (503) from a spent quota (429).
 */
final class GeminiGateway implements ProviderClient {

    private final Client client;
    private final String provider;
    private final JsonMapper json;

    private GeminiGateway(Client client, String provider, JsonMapper json) {
        this.client = client;
        this.provider = provider;
        this.json = json;
    }

    static GeminiGateway create(String name, OtherProvider settings, JsonMapper json) {
        HttpOptions.Builder http =
                HttpOptions.builder().retryOptions(HttpRetryOptions.builder().attempts(1).build());
        if (StringUtils.hasText(settings.baseUrl())) {
            http.baseUrl(settings.baseUrl());
        }
        // The SDK sets up its JSON mapping on first use, which took seconds on a busy machine: done
        // here, at start-up, so the first call's timeout is not spent on it.
        GenerateContentResponse.fromJson("{}");
        GenerateContentConfig.builder().responseMimeType("application/json").build().toJson();
        return new GeminiGateway(
                Client.builder().apiKey(settings.apiKey()).httpOptions(http.build()).build(),
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
            GenerateContentResponse response =
                    client.models.generateContent(
                            request.model(), request.userMessage(), config(request));
            return answer(response, CallOutcomes.elapsedSince(started));
        } catch (ApiException e) {
            // The SDK keeps the HTTP reason phrase as the status, not the body's error.status.
            Optional<String> status =
                    Optional.ofNullable(e.status()).filter(s -> s.matches("[A-Z_]+"));
            return CallOutcomes.answeredWithError(
                    FailureClassifier.classifyGemini(e.code(), status),
                    e.code(),
                    status,
                    e.message(),
                    started,
                    Map.of(),
                    Optional.empty());
        } catch (GenAiIOException e) {
            return CallOutcomes.brokenExchange(e, request, started, Map.of());
        }
    }

    private GenerateContentConfig config(ModelRequest request) {
        GenerateContentConfig.Builder config =
                GenerateContentConfig.builder()
                        .systemInstruction(
                                Content.builder()
                                        .parts(List.of(Part.fromText(request.systemMessage())))
                                        .build())
                        .maxOutputTokens(request.maxOutputTokens())
                        .responseMimeType("application/json")
                        .responseJsonSchema(json.convertValue(request.outputSchema(), Map.class))
                        .httpOptions(
                                HttpOptions.builder()
                                        .timeout(
                                                Math.toIntExact(
                                                        CallOutcomes.timeout(request).toMillis()))
                                        .build());
        if (request.seed() != null) {
            config.seed(request.seed());
        }
        return config.build();
    }

    private ModelOutcome.Answer answer(GenerateContentResponse response, Duration latency) {
        Optional<Candidate> candidate =
                response.candidates().flatMap(all -> all.stream().findFirst());
        String text =
                candidate
                        .flatMap(Candidate::content)
                        .flatMap(Content::parts)
                        .map(
                                parts ->
                                        parts.stream()
                                                .filter(part -> !part.thought().orElse(false))
                                                .map(part -> part.text().orElse(""))
                                                .reduce("", String::concat))
                        .orElse("");
        Optional<String> blocked =
                response.promptFeedback()
                        .flatMap(feedback -> feedback.blockReason())
                        .map(reason -> "the prompt was blocked: " + reason);
        return new ModelOutcome.Answer(
                text,
                blocked.isPresent() ? Optional.empty() : CallOutcomes.parse(json, text),
                blocked,
                candidate
                        .flatMap(Candidate::finishReason)
                        .map(reason -> finishReason(reason.toString()))
                        .orElse(FinishReason.OTHER),
                usage(response.usageMetadata()),
                response.modelVersion().orElse(""),
                latency,
                response.responseId(),
                Map.of(),
                Optional.empty());
    }

    private static FinishReason finishReason(String reason) {
        return switch (reason) {
            case "STOP" -> FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII" ->
                    FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    /**
     * Gemini counts thinking apart from the answer's tokens and bills both as output; cached
     * content is part of the prompt's count.
     */
    static TokenUsage usage(Optional<GenerateContentResponseUsageMetadata> metadata) {
        return metadata.map(
                        usage -> {
                            long thoughts = usage.thoughtsTokenCount().orElse(0);
                            return new TokenUsage(
                                    usage.promptTokenCount().orElse(0),
                                    usage.cachedContentTokenCount().orElse(0),
                                    usage.candidatesTokenCount().orElse(0) + thoughts,
                                    thoughts);
                        })
                .orElse(TokenUsage.NONE);
    }
}
