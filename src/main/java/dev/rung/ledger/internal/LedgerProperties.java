package dev.rung.ledger.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rung.ledger}: group commit. {@code maxBatch} rows at most share one transaction; {@code
 * queueCapacity} rows may wait for the writer before callers wait to queue (back-pressure instead
 * of unbounded memory).
 */
@Validated
@ConfigurationProperties("rung.ledger")
record LedgerProperties(
        @DefaultValue("512") @Min(1) @Max(10_000) int maxBatch,
        @DefaultValue("20000") @Min(1) int queueCapacity) {}
