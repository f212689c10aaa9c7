package dev.rung.gateway.internal;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rung.gateway}: which provider answers. {@code provider} is {@code openai} when an API key is set and
 * {@code simulator} otherwise (see {@link ProviderSelection}).
 */
@Validated
@ConfigurationProperties("rung.gateway")
public record GatewayProperties(@NotBlank @DefaultValue("simulator") String provider) {

    public boolean simulated() {
        return "simulator".equals(provider);
    }

    /** The default per-call timeout when a request carries none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
}
