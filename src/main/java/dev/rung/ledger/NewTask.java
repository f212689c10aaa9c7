package dev.rung.ledger;

import dev.rung.routing.Route;
import dev.rung.task.TaskType;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A task about to run: stored as {@code running} before its first model call. */
public record NewTask(TaskType type, String subjectId, String idempotencyKey, String requestHash, JsonNode input,
        Route route, boolean simulated, Instant createdAt) {
}
