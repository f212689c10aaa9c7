package dev.rung.intake.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rung.intake}: how many synchronous task requests one instance takes at once.
 *
 * @param maxInFlight the ceiling, whatever the adaptive limit says: each request in flight holds
 *     buffers, a virtual thread's stack and a connection to the provider (docs/benchmarks.md)
 * @param adaptiveLimit the limit below the ceiling that follows how long Rung's own share of a
 *     request takes
 */
@Validated
@ConfigurationProperties("rung.intake")
record IntakeLimitProperties(
        @Positive @DefaultValue("5000") int maxInFlight,
        @Valid @DefaultValue AdaptiveLimit adaptiveLimit) {

    /**
     * A Gradient2 limit (Netflix's concurrency-limits): when Rung's own time per request — the
     * request's time less its waits on the provider and on backoff — grows past {@code
     * rttTolerance} times its long-run average, the limit shrinks towards {@code min}, and grows
     * back while it holds. A slow provider does not shrink it; an overloaded machine does.
     *
     * @param enabled off: the ceiling alone
     * @param initial the limit at start-up
     * @param min the lowest it goes
     * @param rttTolerance how much slower than usual Rung's own time may get before the limit
     *     shrinks
     */
    record AdaptiveLimit(
            @DefaultValue("true") boolean enabled,
            @Positive @DefaultValue("1000") int initial,
            @Positive @DefaultValue("100") int min,
            @DecimalMin("1.0") @DefaultValue("2.0") double rttTolerance) {}
}
