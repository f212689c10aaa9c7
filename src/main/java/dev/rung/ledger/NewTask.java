package dev.rung.ledger;

import dev.rung.routing.Route;
import dev.rung.task.TaskType;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A task about to run: stored as {@code running} before its first model call. {@code experimentId} and
 * {@code arm} are null unless the task was assigned to a running experiment.
 */
public record NewTask(TaskType type, String subjectId, String idempotencyKey, String requestHash, JsonNode input,
        Route route, UUID experimentId, String arm, boolean simulated, Instant createdAt) {
}
