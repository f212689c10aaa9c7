package dev.rung.gateway.internal;

import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;
import org.springframework.stereotype.Component;

/** Keeps enough idle connections to the provider that calls reuse them instead of opening new ones. */
@Component
class ProviderConnectionPool implements OpenAiHttpClientBuilderCustomizer {

    private final GatewayProperties properties;

    ProviderConnectionPool(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(SpringAiOpenAiHttpClient.Builder builder) {
        builder.maxIdleConnections(properties.maxIdleConnections()).keepAliveDuration(properties.keepAlive());
    }
}
