/**
 * Model calls. One interface ({@link dev.rung.gateway.ModelGateway}) for every provider; provider
 * errors are turned into a {@link dev.rung.gateway.FailureClass} in exactly one place ({@link
 * dev.rung.gateway.FailureClassifier}). The OpenAI adapter lives in {@code internal} and is the
 * only code that sees OpenAI's SDK types. Without an API key the adapter talks to Rung's own
 * simulator over HTTP.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Model gateway",
        allowedDependencies = {})
package dev.rung.gateway;
