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

/** A row of {@code attempt}. */
@Entity
@Table(name = "attempt")
class AttemptEntity {

    @Id UUID id;
    UUID taskId;
    int seq;
    int rung;
    String provider;
    String modelRequested;
    String modelAnswered;
    String promptVersion;

    @Column(name = "prompt_sha256")
    String promptSha256;

    String outcome;

    @JdbcTypeCode(SqlTypes.JSON)
    String detail;

    long inputTokens;
    long cachedInputTokens;
    long outputTokens;
    long reasoningTokens;

    @Column(precision = 18, scale = 9)
    BigDecimal costUsd;

    @Column(precision = 18, scale = 9)
    BigDecimal promptCostUsd;

    @Column(precision = 18, scale = 9)
    BigDecimal maxCostUsd;

    boolean costEstimated;
    UUID reservationId;
    Long latencyMs;
    String providerRequestId;
    Instant startedAt;
    Instant finishedAt;

    protected AttemptEntity() {}
}
