package dev.rung.ledger;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A task as the ledger holds it, with its attempts in order. */
public record StoredTask(
        UUID id,
        String type,
        /* The version of the task type the task ran on; null for tasks stored before versions existed. */
        Integer typeVersion,
        String subjectId,
        String idempotencyKey,
        String requestHash,
        TaskStatus status,
        JsonNode result,
        String failureReason,
        String tier,
        String policy,
        UUID experimentId,
        String arm,
        boolean simulated,
        boolean cacheHit,
        BigDecimal costUsd,
        Long latencyMs,
        Instant createdAt,
        Instant finishedAt,
        /* The caller's deadline; null when none was given. */
        Instant deadline,
        List<Attempt> attempts) {

    public boolean running() {
        return status == TaskStatus.RUNNING;
    }

    /**
     * One attempt; while its call runs its outcome is {@code in_flight} and its latency and end are
     * null.
     *
     * @param costEstimated the cost is an estimate: the attempt was interrupted before its usage
     *     came back
     */
    public record Attempt(
            int sequence,
            int rung,
            String provider,
            String modelRequested,
            String modelAnswered,
            String promptVersion,
            String promptSha256,
            String outcome,
            Map<String, Object> detail,
            long inputTokens,
            long cachedInputTokens,
            long outputTokens,
            long reasoningTokens,
            BigDecimal costUsd,
            boolean costEstimated,
            Long latencyMs,
            String providerRequestId,
            Instant startedAt,
            Instant finishedAt,
            /* The tier the call was sent on and priced from: default (standard) or flex. */
            String serviceTier) {}
}
