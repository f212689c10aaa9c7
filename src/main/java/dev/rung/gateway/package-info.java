/**
 * Model calls. One interface ({@link dev.rung.gateway.ModelGateway}) for every provider; provider
 * errors are turned into a {@link dev.rung.gateway.FailureClass} in exactly one place ({@link
 * dev.rung.gateway.FailureClassifier}). The adapters (OpenAI and OpenAI-compatible servers,
 * Anthropic, Gemini) live in {@code internal} and are the only code that sees the vendors' SDK
 * types; each model is served by one provider. Without an OpenAI API key the OpenAI adapter talks
 * to Rung's own simulator over HTTP.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Model gateway",
        allowedDependencies = {})
package dev.rung.gateway;
