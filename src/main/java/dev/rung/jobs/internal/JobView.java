package dev.rung.jobs.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A bulk job and how far it got: its inputs by state, its batches, and what it cost. */
record JobView(
        UUID id,
        String taskType,
        int taskTypeVersion,
        JobStatus status,
        String tier,
        String policy,
        @Schema(description = "ndjson or csv") String inputFormat,
        @Schema(
                        description =
                                "The webhook source whose write-back delivers each result; null:"
                                        + " none")
                String writeBack,
        @Schema(description = "Answered by Rung's built-in simulator, not a real model")
                boolean simulated,
        Instant createdAt,
        Instant finishedAt,
        int total,
        Counts counts,
        Cost cost,
        List<BatchView> batches) {

    /**
     * The inputs by where they stand. {@code escalated} counts the ended tasks that climbed past
     * their batch line's rung because its answer failed a check.
     */
    record Counts(
            int pending,
            int waitingOnBatch,
            int succeeded,
            int failed,
            int cancelled,
            int escalated) {}

    /**
     * What the job's ended tasks cost: their batch lines at batch prices, the synchronous attempts
     * after them (retries and escalations, on flex where the model offers it) at their own tier's,
     * what the batch lines' tokens would have cost at standard prices, and what all their calls
     * would have cost at standard prices: the same tasks through the synchronous ladder. Null where
     * a model had no price.
     */
    record Cost(
            BigDecimal totalUsd,
            BigDecimal batchLinesUsd,
            BigDecimal synchronousUsd,
            BigDecimal batchLinesAtStandardPricesUsd,
            BigDecimal atStandardPricesUsd,
            BigDecimal costPerSuccessUsd) {}

    /** One of the provider's batches, as last polled. */
    record BatchView(
            String id,
            String status,
            int lines,
            int completed,
            int failed,
            String failure,
            Instant submittedAt,
            Instant endedAt) {}
}
