package dev.rung.gateway.internal;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;
import org.springframework.stereotype.Component;

/**
 * The provider's HTTP client: enough idle connections kept that calls reuse them instead of opening
 * new ones, and no observation of its own per HTTP call. Each model call is already observed once,
 * as the task's {@code rung.attempt} span and timer; a second span and timer around the same
 * exchange doubled that cost for nothing Rung's metrics do not already say.
 */
@Component
class ProviderConnectionPool implements OpenAiHttpClientBuilderCustomizer {

    private final GatewayProperties properties;

    ProviderConnectionPool(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(SpringAiOpenAiHttpClient.Builder builder) {
        builder.maxIdleConnections(properties.maxIdleConnections())
                .keepAliveDuration(properties.keepAlive())
                .observationRegistry(ObservationRegistry.NOOP);
    }
}
