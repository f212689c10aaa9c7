package dev.rung.support;

import com.openai.client.OpenAIClient;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.openai.setup.OpenAiSetup;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The official OpenAI SDK's client as a program would build it, with its retries off. */
public final class OpenAiClients {

    private OpenAiClients() {}

    public static OpenAIClient at(String baseUrl, String apiKey) {
        return OpenAiSetup.setupSyncClient(
                baseUrl,
                apiKey,
                null,
                null,
                null,
                null,
                false,
                false,
                null,
                Duration.ofSeconds(30),
                0,
                null,
                Map.of(),
                ObservationRegistry.NOOP,
                new SimpleMeterRegistry(),
                List.of());
    }
}
