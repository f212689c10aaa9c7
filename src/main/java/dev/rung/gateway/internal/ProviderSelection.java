package dev.rung.gateway.internal;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.util.HashMap;
import java.util.Map;

/**
 * Picks the model provider before any bean exists: with an OpenAI API key Rung calls OpenAI (or the
 * configured compatible endpoint); without one it points the very same OpenAI client at the
 * simulator it serves itself, so the default path exercises real HTTP and real wire JSON.
 */
class ProviderSelection implements EnvironmentPostProcessor, Ordered {

    static final String SIMULATOR_API_KEY = "sk-rung-simulator-not-a-real-key";

    @Override
    public void postProcessEnvironment(
            ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("rung.gateway.provider")) {
            return;
        }
        Map<String, Object> chosen = new HashMap<>();
        if (StringUtils.hasText(environment.getProperty("spring.ai.openai.api-key"))) {
            chosen.put("rung.gateway.provider", "openai");
        } else {
            chosen.put("rung.gateway.provider", "simulator");
            chosen.put("rung.simulator.enabled", "true");
            chosen.put("spring.ai.openai.api-key", SIMULATOR_API_KEY);
            chosen.put(
                    "spring.ai.openai.base-url",
                    "http://127.0.0.1:${server.port:8080}/simulator/v1");
        }
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("rungProviderSelection", chosen));
    }

    @Override
    public int getOrder() {
        // After application.yml and the environment are loaded, so an OPENAI_API_KEY there is seen.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
