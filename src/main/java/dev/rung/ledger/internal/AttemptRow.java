package dev.rung.ledger.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code attempt}, written through {@link GroupCommit} and read by {@link LedgerReads}.
 */
final class AttemptRow {

    UUID id;
    UUID taskId;
    int seq;
    int rung;
    String provider;
    String modelRequested;
    String modelAnswered;
    String promptVersion;

    String promptSha256;

    String outcome;

    String detail;

    long inputTokens;
    long cachedInputTokens;
    long outputTokens;
    long reasoningTokens;

    BigDecimal costUsd;

    BigDecimal promptCostUsd;

    BigDecimal maxCostUsd;

    boolean costEstimated;
    UUID reservationId;
    String serviceTier = "default";
    Long latencyMs;
    String providerRequestId;
    Instant startedAt;
    Instant finishedAt;
}
