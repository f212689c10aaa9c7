package dev.rung.gateway.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code rung.gateway}: which provider answers ({@code openai} when an API key is set and {@code
 * simulator} otherwise, see {@link ProviderSelection}), and how many idle HTTP connections to it
 * are kept open.
 *
 * @param maxIdleConnections idle connections kept for reuse. Over HTTP/1.1 every call in flight
 *     holds a connection of its own; with OkHttp's default of 5 kept, a busy service opens (and the
 *     provider accepts) a new TCP connection for most calls, which costs more CPU than the call
 *     itself.
 * @param keepAlive how long an idle connection is kept
 */
@Validated
@ConfigurationProperties("rung.gateway")
public record GatewayProperties(
        @NotBlank @DefaultValue("simulator") String provider,
        @Positive @DefaultValue("512") int maxIdleConnections,
        @DefaultValue("5m") Duration keepAlive) {

    public boolean simulated() {
        return "simulator".equals(provider);
    }

    /** The default per-call timeout when a request carries none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
}
