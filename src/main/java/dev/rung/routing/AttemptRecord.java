package dev.rung.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One model call as the ledger stores it: where it sat on the ladder, what was sent and answered,
 * what the check said with its evidence, what happened next and why, and what it cost ({@code null}
 * when no price is known).
 */
public record AttemptRecord(
        int sequence,
        /* 1 for the ladder's first (cheapest) model. */
        int rung,
        String provider,
        String modelRequested,
        String modelAnswered,
        String promptVersion,
        String promptSha256,
        String outcome,
        Map<String, Object> detail,
        Tokens usage,
        BigDecimal costUsd,
        Duration latency,
        String providerRequestId,
        Instant startedAt,
        Instant finishedAt) {

    /**
     * What the provider reported: every prompt token (cached ones included) and every output token
     * (reasoning included).
     */
    public record Tokens(long input, long cachedInput, long output, long reasoning) {}
}
