package dev.rung.task;

/**
 * The messages sent for one task. The system message is static per prompt version so the provider
 * can cache it; the user message carries the caller's input as delimited, untrusted data.
 */
public record RenderedPrompt(
        String system, String user, String version, String sha256, String cacheKey) {}
