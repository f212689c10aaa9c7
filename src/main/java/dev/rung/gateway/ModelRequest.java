package dev.rung.gateway;

import tools.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * One model call: the model id as sent, the two messages, the strict output schema, the output
 * token cap ({@code max_completion_tokens}, which includes reasoning), the reasoning effort and the
 * prompt cache key, and whether to ask for log-probabilities ({@code logprobs}, with {@code
 * topLogprobs} alternatives per token), and a sampling {@code seed} (null for none: a second sample
 * for self-consistency sends one). {@code promptTokens} is the prompt counted before the call (by
 * the router, with the tokens module): the spend reservation and the rate limiter both take it, so
 * the prompt is encoded once per attempt. {@code serviceTier} is the tier it is sent on (flex for
 * work that can wait).
 */
public record ModelRequest(
        String model,
        String systemMessage,
        String userMessage,
        String schemaName,
        JsonNode outputSchema,
        int maxOutputTokens,
        ReasoningEffort reasoningEffort,
        String promptCacheKey,
        Duration timeout,
        int promptTokens,
        boolean logprobs,
        int topLogprobs,
        Integer seed,
        ServiceTier serviceTier) {

    public ModelRequest {
        serviceTier = serviceTier == null ? ServiceTier.STANDARD : serviceTier;
    }

    public ModelRequest(
            String model,
            String systemMessage,
            String userMessage,
            String schemaName,
            JsonNode outputSchema,
            int maxOutputTokens,
            ReasoningEffort reasoningEffort,
            String promptCacheKey,
            Duration timeout,
            int promptTokens,
            boolean logprobs,
            int topLogprobs,
            Integer seed) {
        this(
                model,
                systemMessage,
                userMessage,
                schemaName,
                outputSchema,
                maxOutputTokens,
                reasoningEffort,
                promptCacheKey,
                timeout,
                promptTokens,
                logprobs,
                topLogprobs,
                seed,
                ServiceTier.STANDARD);
    }

    /** The same call on another service tier, with its own timeout. */
    public ModelRequest on(ServiceTier tier, Duration callTimeout) {
        return new ModelRequest(
                model,
                systemMessage,
                userMessage,
                schemaName,
                outputSchema,
                maxOutputTokens,
                reasoningEffort,
                promptCacheKey,
                callTimeout,
                promptTokens,
                logprobs,
                topLogprobs,
                seed,
                tier);
    }

    /**
     * Whether the call asks for log-probabilities: when the task wants them and the model reasons
     * with effort none (OpenAI rejects {@code logprobs} with any other effort).
     */
    public boolean sendsLogprobs() {
        return logprobs && (reasoningEffort == null || reasoningEffort == ReasoningEffort.NONE);
    }
}
