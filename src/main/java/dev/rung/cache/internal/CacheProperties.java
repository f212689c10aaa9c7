package dev.rung.cache.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code rung.cache}: the response cache's time to live, per task type ({@code 0s} turns it off for
 * a type).
 */
@ConfigurationProperties("rung.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("24h") Duration defaultTtl,
        @DefaultValue Map<String, Duration> ttl) {

    Duration ttlFor(String taskType) {
        return ttl.getOrDefault(taskType, defaultTtl);
    }
}
