package dev.rung.ledger.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code task}. JSON columns are kept as text here and parsed at the ledger's edge. */
@Entity
@Table(name = "task")
class TaskEntity {

    @Id UUID id;
    String type;
    Integer taskTypeVersion;
    String subjectId;
    String idempotencyKey;
    String requestHash;

    @JdbcTypeCode(SqlTypes.JSON)
    String input;

    String status;

    @JdbcTypeCode(SqlTypes.JSON)
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

    @Column(precision = 18, scale = 9)
    BigDecimal costUsd;

    Long latencyMs;
    String mode = "sync";
    Instant leaseUntil;
    UUID instanceId;
    String traceId;
    Instant createdAt;
    Instant finishedAt;

    protected TaskEntity() {}
}
