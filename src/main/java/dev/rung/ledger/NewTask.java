package dev.rung.ledger;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * A task about to run, of a version of a task type, on a route ({@code tier} A or B, a policy).
 * {@code input} is the task's input alone, as the model sees it. {@code experimentId} and {@code
 * arm} are null unless the task was assigned to a running experiment.
 */
public record NewTask(
        String type,
        int typeVersion,
        String subjectId,
        String idempotencyKey,
        String requestHash,
        JsonNode input,
        String tier,
        String policy,
        UUID experimentId,
        String arm,
        boolean simulated,
        Instant createdAt,
        /* The caller's deadline; null when the caller gave none. */
        Instant deadline) {

    public NewTask(
            String type,
            int typeVersion,
            String subjectId,
            String idempotencyKey,
            String requestHash,
            JsonNode input,
            String tier,
            String policy,
            UUID experimentId,
            String arm,
            boolean simulated,
            Instant createdAt) {
        this(
                type,
                typeVersion,
                subjectId,
                idempotencyKey,
                requestHash,
                input,
                tier,
                policy,
                experimentId,
                arm,
                simulated,
                createdAt,
                null);
    }
}
