package dev.rung.ledger.internal;

import dev.rung.ledger.NewTask;
import dev.rung.ledger.StoredTask;
import dev.rung.routing.AttemptRecord;
import dev.rung.routing.RoutedTask;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Rows of {@code task} and {@code attempt} from what intake and the router report, and stored tasks from rows. */
@Component
class LedgerRows {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json;

    LedgerRows(JsonMapper json) {
        this.json = json;
    }

    TaskEntity task(NewTask task) {
        TaskEntity row = new TaskEntity();
        row.createdAt = micros(task.createdAt());
        row.id = TimeOrderedIds.at(row.createdAt);
        row.type = task.type();
        row.taskTypeVersion = task.typeVersion();
        row.subjectId = task.subjectId();
        row.idempotencyKey = task.idempotencyKey();
        row.requestHash = task.requestHash();
        row.input = task.input().toString();
        row.status = "running";
        row.tier = task.route().tier().name();
        row.policy = task.route().policy().name();
        row.experimentId = task.experimentId();
        row.arm = task.arm();
        row.simulated = task.simulated();
        return row;
    }

    AttemptEntity attempt(UUID taskId, AttemptRecord attempt) {
        AttemptEntity row = new AttemptEntity();
        row.id = TimeOrderedIds.next();
        row.taskId = taskId;
        row.seq = attempt.sequence();
        row.rung = attempt.rung();
        row.provider = attempt.provider();
        row.modelRequested = attempt.modelRequested();
        row.modelAnswered = attempt.modelAnswered();
        row.promptVersion = attempt.promptVersion();
        row.promptSha256 = attempt.promptSha256();
        row.outcome = attempt.outcome();
        row.detail = json.writeValueAsString(attempt.detail());
        row.inputTokens = attempt.usage().input();
        row.cachedInputTokens = attempt.usage().cachedInput();
        row.outputTokens = attempt.usage().output();
        row.reasoningTokens = attempt.usage().reasoning();
        row.costUsd = attempt.costUsd();
        row.latencyMs = attempt.latency().toMillis();
        row.providerRequestId = attempt.providerRequestId();
        row.startedAt = micros(attempt.startedAt());
        row.finishedAt = micros(attempt.finishedAt());
        return row;
    }

    /** Sets the task's outcome on its row. */
    static void finish(TaskEntity row, RoutedTask routed, long latencyMs, String traceId) {
        row.status = routed.succeeded() ? "succeeded" : "failed";
        row.result = routed.result().map(Object::toString).orElse(null);
        row.failureReason = routed.stopReason().map(reason -> reason.name().toLowerCase(Locale.ROOT)).orElse(null);
        row.attemptCount = routed.attempts().size();
        row.maxRung = routed.attempts().stream().mapToInt(AttemptRecord::rung).max().orElse(0);
        row.costUsd = totalCost(routed.attempts().stream().map(AttemptRecord::costUsd).toList());
        row.latencyMs = latencyMs;
        row.traceId = traceId;
        row.finishedAt = micros(Instant.now());
    }

    /** Marks the task failed for a reason outside the ladder (an unexpected error), keeping what its attempts tell. */
    static void abandon(TaskEntity row, List<AttemptEntity> attempts, String reason) {
        row.status = "failed";
        row.failureReason = reason;
        row.attemptCount = attempts.size();
        row.maxRung = attempts.stream().mapToInt(attempt -> attempt.rung).max().orElse(0);
        row.costUsd = totalCost(attempts.stream().map(attempt -> attempt.costUsd).toList());
        row.finishedAt = micros(Instant.now());
    }

    StoredTask stored(TaskEntity row, List<AttemptEntity> rows) {
        List<StoredTask.Attempt> stored = rows.stream()
                .map(a -> new StoredTask.Attempt(a.seq, a.rung, a.provider, a.modelRequested, a.modelAnswered,
                        a.promptVersion, a.promptSha256, a.outcome, json.readValue(a.detail, MAP), a.inputTokens,
                        a.cachedInputTokens, a.outputTokens, a.reasoningTokens, a.costUsd, a.latencyMs,
                        a.providerRequestId, a.startedAt, a.finishedAt))
                .toList();
        return new StoredTask(row.id, row.type, row.taskTypeVersion, row.subjectId, row.idempotencyKey, row.requestHash, row.status,
                row.result == null ? null : json.readTree(row.result), row.failureReason, row.tier, row.policy,
                row.experimentId, row.arm, row.simulated, row.cacheHit, row.costUsd, row.latencyMs, row.createdAt,
                row.finishedAt, stored);
    }

    /** PostgreSQL keeps microseconds: store what will be read back, so a task reads back as it was answered. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** NULL when any attempt had no known price: a partial sum would understate the spend. */
    private static BigDecimal totalCost(List<BigDecimal> costs) {
        BigDecimal total = BigDecimal.ZERO.setScale(9);
        for (BigDecimal cost : costs) {
            if (cost == null) {
                return null;
            }
            total = total.add(cost);
        }
        return total;
    }
}
