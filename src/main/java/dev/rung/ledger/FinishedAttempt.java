package dev.rung.ledger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An attempt as it ended: what the check or the provider said (with its evidence and what happened
 * next), the tokens, and the cost ({@code null} when no price is known).
 */
public record FinishedAttempt(
        int sequence,
        int rung,
        String provider,
        String model,
        String modelAnswered,
        String promptVersion,
        String promptSha256,
        String outcome,
        Map<String, Object> detail,
        Tokens tokens,
        BigDecimal costUsd,
        Duration latency,
        String providerRequestId,
        Instant startedAt,
        Instant finishedAt) {

    /** Tokens as billed: cached input is part of input, reasoning part of output. */
    public record Tokens(long input, long cachedInput, long output, long reasoning) {}
}
