package dev.rung.gateway.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code rung.gateway}: which provider answers the models no other provider claims ({@code openai}
 * when an API key is set and {@code simulator} otherwise, see {@link ProviderSelection}), the other
 * providers whose models can be rungs, and how many idle HTTP connections are kept open.
 *
 * @param maxIdleConnections idle connections kept for reuse. Over HTTP/1.1 every call in flight
 *     holds a connection of its own; with OkHttp's default of 5 kept, a busy service opens (and the
 *     provider accepts) a new TCP connection for most calls, which costs more CPU than the call
 *     itself.
 * @param keepAlive how long an idle connection is kept
 * @param providers other providers by the name stored with their attempts ({@code
 *     attempt.provider}): a local OpenAI-compatible server, Anthropic or Google Gemini
 * @param chatClient how Chat Completions calls are made: {@code jdk}, the wire spoken directly over
 *     the JDK's HTTP client (the default: less CPU a call, see docs/benchmarks.md), or {@code
 *     spring-ai}, through Spring AI's OpenAI model and the official SDK
 * @param responsesApi the default provider's models called over OpenAI's Responses API ({@code POST
 *     /v1/responses}) instead of Chat Completions
 */
@Validated
@ConfigurationProperties("rung.gateway")
public record GatewayProperties(
        @NotBlank @DefaultValue("simulator") String provider,
        @Positive @DefaultValue("512") int maxIdleConnections,
        @DefaultValue("5m") Duration keepAlive,
        @DefaultValue Map<String, @Valid OtherProvider> providers,
        @DefaultValue("jdk") ChatClient chatClient,
        @DefaultValue List<@NotBlank String> responsesApi) {

    public boolean simulated() {
        return "simulator".equals(provider);
    }

    /** The default per-call timeout when a request carries none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A provider beyond the default one.
     *
     * @param kind its wire: {@code openai-compatible} (Ollama, vLLM, LM Studio...), {@code
     *     anthropic} or {@code gemini}
     * @param baseUrl where it answers: e.g. {@code http://localhost:11434/v1} for Ollama; empty for
     *     the vendor's own API
     * @param apiKey its key; a local server usually takes any
     * @param models the model ids it serves, as a ladder names them; a model belongs to one
     *     provider
     */
    public record OtherProvider(
            @NotNull ProviderKind kind,
            String baseUrl,
            String apiKey,
            @NotEmpty List<@NotBlank String> models) {}

    /** How Chat Completions calls are made. */
    public enum ChatClient {
        JDK,
        SPRING_AI
    }

    /** How Rung talks to a provider. */
    public enum ProviderKind {
        /** The Chat Completions wire at another base URL. */
        OPENAI_COMPATIBLE,
        /** Anthropic's Messages API, structured outputs through {@code output_config.format}. */
        ANTHROPIC,
        /** Google's Gemini API, structured outputs through a response JSON schema. */
        GEMINI
    }
}
