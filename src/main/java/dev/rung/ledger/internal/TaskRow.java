package dev.rung.ledger.internal;

import dev.rung.ledger.TaskStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code task}, as the ledger builds it before writing it through {@link GroupCommit} and
 * as {@link LedgerReads} reads it back. JSON columns are kept as text here and parsed at the
 * ledger's edge.
 */
final class TaskRow {

    UUID id;
    String type;
    Integer taskTypeVersion;
    String subjectId;
    String idempotencyKey;
    String requestHash;

    String input;

    TaskStatus status;

    String result;

    String failureReason;
    String tier;
    String policy;
    UUID experimentId;
    String arm;
    boolean simulated;
    boolean cacheHit;
    int attemptCount;
    Integer maxRung;

    BigDecimal costUsd;

    Long latencyMs;
    String mode = "sync";
    Instant leaseUntil;
    UUID instanceId;
    String traceId;
    Instant createdAt;
    Instant finishedAt;
    Instant deadline;
}
