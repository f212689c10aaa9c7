package dev.rung.gateway.internal;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Optional;

/**
 * Builds the Chat Completions clients, as {@code rung.gateway.chat-client} says: the wire spoken
 * directly over the JDK's HTTP client, or Spring AI's OpenAI model over the official SDK.
 */
final class ChatClients {

    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

    private final GatewayProperties.ChatClient kind;
    private final OpenAiChatModel springAi;
    private final ResponseHeaderCapture headers;
    private final ProviderConnectionPool pool;
    private final JsonMapper json;

    ChatClients(
            GatewayProperties.ChatClient kind,
            OpenAiChatModel springAi,
            ResponseHeaderCapture headers,
            ProviderConnectionPool pool,
            JsonMapper json) {
        this.kind = kind;
        this.springAi = springAi;
        this.headers = headers;
        this.pool = pool;
        this.json = json;
    }

    /** OpenAI at the configured base URL and key, or the simulator standing in for it. */
    ProviderClient openAi(Environment environment, String provider) {
        return switch (kind) {
            case JDK ->
                    new JdkChatCompletions(
                            Optional.ofNullable(
                                            environment.getProperty("spring.ai.openai.base-url"))
                                    .filter(StringUtils::hasText)
                                    .orElse(OPENAI_BASE_URL),
                            environment.getProperty("spring.ai.openai.api-key", ""),
                            Optional.ofNullable(
                                            environment.getProperty(
                                                    "spring.ai.openai.organization-id"))
                                    .filter(StringUtils::hasText),
                            json,
                            provider,
                            true);
            case SPRING_AI -> new OpenAiChatGateway(springAi, headers, json, provider, true);
        };
    }

    /** A server that speaks the same wire (Ollama, vLLM), without OpenAI's own extensions. */
    ProviderClient compatible(String provider, String baseUrl, String apiKey) {
        return switch (kind) {
            case JDK ->
                    new JdkChatCompletions(
                            baseUrl, apiKey, Optional.empty(), json, provider, false);
            case SPRING_AI ->
                    new OpenAiChatGateway(
                            OpenAiChatModel.builder()
                                    .options(
                                            OpenAiChatOptions.builder()
                                                    .baseUrl(baseUrl)
                                                    .apiKey(apiKey)
                                                    .maxRetries(0)
                                                    .timeout(GatewayProperties.DEFAULT_TIMEOUT)
                                                    .build())
                                    .observationRegistry(ObservationRegistry.NOOP)
                                    .httpClientBuilderCustomizers(List.of(headers, pool))
                                    .build(),
                            headers,
                            json,
                            provider,
                            false);
        };
    }
}
