package dev.rung.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An attempt about to call its model: where it sits on the ladder, what it sends, what its prompt
 * alone costs (the cost if it is interrupted), the most the call can cost (both null when no price
 * is known) and the budget reservation it holds.
 */
public record AttemptStart(
        int sequence,
        int rung,
        String provider,
        String model,
        String promptVersion,
        String promptSha256,
        long promptTokens,
        BigDecimal promptCostUsd,
        BigDecimal maxCostUsd,
        UUID reservationId,
        Instant startedAt,
        /* The tier the call is sent on: default (standard) or flex. */
        String serviceTier) {}
