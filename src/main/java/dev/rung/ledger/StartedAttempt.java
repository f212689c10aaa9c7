package dev.rung.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An attempt whose call is about to leave Rung, stored as in flight before it does.
 *
 * @param promptCostUsd what the prompt alone costs (every token uncached): the cost an interrupted
 *     attempt is given
 * @param maxCostUsd the most the call can cost: the prompt uncached and the whole output allowance
 * @param reservationId the budget reservation the call holds; null when none
 */
public record StartedAttempt(
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
        /* The tier the call is sent on and priced from: default (standard) or flex. */
        String serviceTier) {}
