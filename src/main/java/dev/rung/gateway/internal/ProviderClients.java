package dev.rung.gateway.internal;

import com.openai.client.OpenAIClient;

import dev.rung.gateway.internal.GatewayProperties.OtherProvider;

import io.micrometer.observation.ObservationRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.setup.OpenAiSetup;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which provider serves each model: the one a configured provider ({@code rung.gateway.providers})
 * lists it under, else the default one (OpenAI, or the simulator standing in for it). Every client
 * is built once, at start-up, with its SDK's own retries off: Rung's retries are the only ones.
 */
@Component
class ProviderClients {

    private static final Logger log = LoggerFactory.getLogger(ProviderClients.class);

    /** A local server takes any key; never send it the OpenAI key from the environment. */
    private static final String NO_KEY = "no-key";

    private final ProviderClient byDefault;
    private final Map<String, ProviderClient> byModel = new HashMap<>();

    ProviderClients(
            OpenAiChatModel openAi,
            ResponseHeaderCapture headers,
            ProviderConnectionPool pool,
            JsonMapper json,
            GatewayProperties properties,
            Environment environment) {
        ChatClients chat = new ChatClients(properties.chatClient(), openAi, headers, pool, json);
        this.byDefault = chat.openAi(environment, properties.provider());
        log.info(
                "Model provider: {}{}",
                properties.provider(),
                properties.simulated() ? " (simulated answers: no OPENAI_API_KEY is set)" : "");
        if (!properties.responsesApi().isEmpty()) {
            ProviderClient responses =
                    new OpenAiResponsesGateway(
                            responsesClient(environment, pool), properties.provider(), json);
            properties.responsesApi().forEach(model -> byModel.put(model, responses));
            log.info("Over OpenAI's Responses API: {}", properties.responsesApi());
        }
        properties
                .providers()
                .forEach(
                        (name, settings) -> {
                            ProviderClient client = client(name, settings, chat, json);
                            for (String model : settings.models()) {
                                ProviderClient taken = byModel.putIfAbsent(model, client);
                                if (taken != null) {
                                    throw new IllegalStateException(
                                            "Model %s is listed under two providers: %s and %s"
                                                    .formatted(model, taken.provider(), name));
                                }
                            }
                            log.info(
                                    "Model provider: {} ({}) for {}",
                                    name,
                                    settings.kind(),
                                    settings.models());
                        });
    }

    ProviderClient forModel(String model) {
        return byModel.getOrDefault(model, byDefault);
    }

    /** The default provider's name: the Batch API and the simulated flag belong to it. */
    String defaultProvider() {
        return byDefault.provider();
    }

    private static ProviderClient client(
            String name, OtherProvider settings, ChatClients chat, JsonMapper json) {
        return switch (settings.kind()) {
            case OPENAI_COMPATIBLE ->
                    chat.compatible(name, settings.baseUrl(), keyOrNone(settings));
            case ANTHROPIC -> AnthropicGateway.create(name, settings, json);
            case GEMINI -> GeminiGateway.create(name, settings, json);
        };
    }

    /** The same base URL, key and connection pool as the default provider's chat calls. */
    private static OpenAIClient responsesClient(
            Environment environment, ProviderConnectionPool pool) {
        return OpenAiSetup.setupSyncClient(
                environment.getProperty("spring.ai.openai.base-url"),
                environment.getProperty("spring.ai.openai.api-key"),
                null,
                null,
                null,
                environment.getProperty("spring.ai.openai.organization-id"),
                false,
                false,
                null,
                GatewayProperties.DEFAULT_TIMEOUT,
                0,
                null,
                Map.of(),
                ObservationRegistry.NOOP,
                null,
                List.of(pool));
    }

    private static String keyOrNone(OtherProvider settings) {
        return StringUtils.hasText(settings.apiKey()) ? settings.apiKey() : NO_KEY;
    }
}
