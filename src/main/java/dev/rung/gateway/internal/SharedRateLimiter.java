package dev.rung.gateway.internal;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Requests and tokens per model, counted in PostgreSQL windows that every replica shares: a call
 * takes its estimated tokens (prompt plus {@code max_completion_tokens}, which is what the provider
 * counts) from the current window with one conditional upsert, or waits for the next window up to
 * the queue time. After the call the estimate is replaced by the actual usage, and the provider's
 * {@code x-ratelimit-remaining-*} headers can only tighten the window, never loosen it.
 */
@Component
class SharedRateLimiter {

    private static final Duration POLL = Duration.ofMillis(100);

    private final JdbcClient jdbc;
    private final LimitsProperties properties;
    private final MeterRegistry meters;

    SharedRateLimiter(JdbcClient jdbc, LimitsProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.meters = meters;
    }

    /** A permit, or how long until capacity returns when none came within the queue time. */
    sealed interface Capacity permits Permit, Denied {}

    /** A granted slice of a window, to reconcile after the call. */
    record Permit(String limiter, Instant window, long tokens) implements Capacity {}

    record Denied(Duration retryAfter) implements Capacity {}

    Capacity acquire(String model, long estimatedTokens) {
        if (!properties.enabled()) {
            return new Permit(null, null, estimatedTokens);
        }
        String limiter = properties.account() + ":" + model;
        long[] limit = windowLimit(model);
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(properties.maxQueueWait());
        while (true) {
            Instant window = windowStart(Instant.now());
            if (estimatedTokens <= limit[1] && take(limiter, window, estimatedTokens, limit)) {
                meters.timer("rung.limiter.wait", "model", model)
                        .record(Duration.ofNanos(System.nanoTime() - started));
                return new Permit(limiter, window, estimatedTokens);
            }
            Duration untilNextWindow =
                    Duration.between(Instant.now(), window.plus(properties.window()));
            if (Instant.now().plus(POLL).isAfter(deadline) || estimatedTokens > limit[1]) {
                meters.counter("rung.limiter.rejections", "model", model).increment();
                return new Denied(untilNextWindow);
            }
            sleep(untilNextWindow.compareTo(POLL) < 0 ? untilNextWindow : POLL);
        }
    }

    /**
     * Replaces the estimate by the tokens the provider counts (0 gives the permit back), and lets
     * the provider's headers tighten the window.
     */
    void reconcile(Permit permit, long actualTokens, String model, Map<String, String> headers) {
        if (permit.limiter() == null) {
            return;
        }
        long[] limit = windowLimit(model);
        long remainingRequests =
                header(headers, "x-ratelimit-remaining-requests").orElse(Long.MAX_VALUE);
        long remainingTokens =
                header(headers, "x-ratelimit-remaining-tokens").orElse(Long.MAX_VALUE);
        jdbc.sql(
                        """
                        update rate_window
                           set tokens = greatest(tokens + :delta, 0, :tokenLimit - :remainingTokens),
                               requests = greatest(requests - :released, 0, :requestLimit - :remainingRequests)
                         where limiter = :limiter and window_start = :window\
                        """)
                .param("delta", actualTokens - permit.tokens())
                .param("released", actualTokens == 0 ? 1 : 0)
                .param("tokenLimit", limit[1])
                .param("remainingTokens", Math.min(remainingTokens, limit[1]))
                .param("requestLimit", limit[0])
                .param("remainingRequests", Math.min(remainingRequests, limit[0]))
                .param("limiter", permit.limiter())
                .param("window", Timestamp.from(permit.window()))
                .update();
    }

    private boolean take(String limiter, Instant window, long tokens, long[] limit) {
        return jdbc.sql(
                                """
                                insert into rate_window (limiter, window_start, requests, tokens) values (:limiter, :window, 1, :tokens)
                                on conflict (limiter, window_start) do update
                                   set requests = rate_window.requests + 1, tokens = rate_window.tokens + :tokens
                                 where rate_window.requests + 1 <= :requestLimit and rate_window.tokens + :tokens <= :tokenLimit\
                                """)
                        .param("limiter", limiter)
                        .param("window", Timestamp.from(window))
                        .param("tokens", tokens)
                        .param("requestLimit", limit[0])
                        .param("tokenLimit", limit[1])
                        .update()
                == 1;
    }

    /** This window's share of the per-minute limits, after the safety factor. */
    private long[] windowLimit(String model) {
        LimitsProperties.ModelLimit perMinute = properties.perMinute(model);
        double share = properties.safetyFactor() * properties.window().toMillis() / 60_000.0;
        return new long[] {
            Math.max(1, (long) (perMinute.requestsPerMinute() * share)),
            Math.max(1, (long) (perMinute.tokensPerMinute() * share))
        };
    }

    private Instant windowStart(Instant now) {
        long length = properties.window().toMillis();
        return Instant.ofEpochMilli(now.toEpochMilli() / length * length);
    }

    private static Optional<Long> header(Map<String, String> headers, String name) {
        try {
            return Optional.ofNullable(headers.get(name)).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for capacity", e);
        }
    }
}
