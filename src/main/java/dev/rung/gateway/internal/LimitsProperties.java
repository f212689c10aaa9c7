package dev.rung.gateway.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code rung.limits}: client-side rate limits per model, so Rung slows down before the provider
 * says no.
 *
 * @param tier the OpenAI usage tier whose example limits apply to every model (1–5), unless a model
 *     overrides
 * @param account names the API key or organisation the limits belong to; replicas sharing it share
 *     a budget
 * @param safetyFactor the share of the provider's limit Rung uses, leaving room for clock skew and
 *     other clients
 * @param window limits are enforced per window of this length (a slice of the provider's minute),
 *     which keeps a burst at a minute's edge from spending two minutes' worth at once
 * @param maxQueueWait how long a call may wait for capacity before its policy falls back or rejects
 */
@ConfigurationProperties("rung.limits")
public record LimitsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1") int tier,
        @DefaultValue("default") String account,
        @DefaultValue("0.95") double safetyFactor,
        @DefaultValue("10s") Duration window,
        @DefaultValue("2s") Duration maxQueueWait,
        @DefaultValue Map<String, ModelLimit> models) {

    /** Requests and tokens per minute for one model; either may be left out to use the tier's. */
    public record ModelLimit(Long requestsPerMinute, Long tokensPerMinute) {}

    /** OpenAI's example usage-tier limits (requests and tokens per minute). */
    static final Map<Integer, ModelLimit> TIERS =
            Map.of(
                    1, new ModelLimit(500L, 500_000L),
                    2, new ModelLimit(5_000L, 2_000_000L),
                    3, new ModelLimit(5_000L, 4_000_000L),
                    4, new ModelLimit(10_000L, 10_000_000L),
                    5, new ModelLimit(30_000L, 180_000_000L));

    ModelLimit perMinute(String model) {
        ModelLimit tierLimit = TIERS.getOrDefault(tier, TIERS.get(1));
        ModelLimit override = models.get(model);
        if (override == null) {
            return tierLimit;
        }
        return new ModelLimit(
                override.requestsPerMinute() != null
                        ? override.requestsPerMinute()
                        : tierLimit.requestsPerMinute(),
                override.tokensPerMinute() != null
                        ? override.tokensPerMinute()
                        : tierLimit.tokensPerMinute());
    }
}
