package dev.rung.ledger.internal;

import dev.rung.ledger.FinishedAttempt;
import dev.rung.ledger.NewTask;
import dev.rung.ledger.StartedAttempt;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskOutcome;
import dev.rung.ledger.TaskStatus;

import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows of {@code task} and {@code attempt} from what intake reports, and stored tasks from rows.
 */
@Component
class LedgerRows {

    static final String IN_FLIGHT = "in_flight";
    static final String INTERRUPTED = "interrupted";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JsonMapper json;

    LedgerRows(JsonMapper json) {
        this.json = json;
    }

    TaskRow task(NewTask task, UUID instanceId) {
        TaskRow row = new TaskRow();
        row.createdAt = micros(task.createdAt());
        row.id = TimeOrderedIds.at(row.createdAt);
        row.type = task.type();
        row.taskTypeVersion = task.typeVersion();
        row.subjectId = task.subjectId();
        row.idempotencyKey = task.idempotencyKey();
        row.requestHash = task.requestHash();
        row.input = task.input().toString();
        row.status = TaskStatus.RUNNING;
        row.tier = task.tier();
        row.policy = task.policy();
        row.experimentId = task.experimentId();
        row.arm = task.arm();
        row.simulated = task.simulated();
        row.instanceId = instanceId;
        row.deadline = task.deadline() == null ? null : micros(task.deadline());
        return row;
    }

    /** An attempt whose call is about to leave: in flight, its prompt counted, no answer yet. */
    AttemptRow started(UUID taskId, StartedAttempt attempt) {
        AttemptRow row = new AttemptRow();
        row.id = TimeOrderedIds.next();
        row.taskId = taskId;
        row.seq = attempt.sequence();
        row.rung = attempt.rung();
        row.provider = attempt.provider();
        row.modelRequested = attempt.model();
        row.promptVersion = attempt.promptVersion();
        row.promptSha256 = attempt.promptSha256();
        row.outcome = IN_FLIGHT;
        row.detail = "{}";
        row.inputTokens = attempt.promptTokens();
        row.promptCostUsd = attempt.promptCostUsd();
        row.maxCostUsd = attempt.maxCostUsd();
        row.reservationId = attempt.reservationId();
        row.serviceTier = attempt.serviceTier();
        row.startedAt = micros(attempt.startedAt());
        return row;
    }

    /** Fills a started attempt's row with how it ended. */
    void ended(AttemptRow row, FinishedAttempt attempt) {
        row.modelAnswered = attempt.modelAnswered();
        row.outcome = attempt.outcome();
        row.detail = json.writeValueAsString(attempt.detail());
        row.inputTokens = attempt.tokens().input();
        row.cachedInputTokens = attempt.tokens().cachedInput();
        row.outputTokens = attempt.tokens().output();
        row.reasoningTokens = attempt.tokens().reasoning();
        row.costUsd = attempt.costUsd();
        row.latencyMs = attempt.latency().toMillis();
        row.providerRequestId = attempt.providerRequestId();
        row.finishedAt = micros(attempt.finishedAt());
    }

    /** An attempt that never left Rung, stored whole. */
    AttemptRow unsent(UUID taskId, FinishedAttempt attempt) {
        AttemptRow row =
                started(
                        taskId,
                        new StartedAttempt(
                                attempt.sequence(),
                                attempt.rung(),
                                attempt.provider(),
                                attempt.model(),
                                attempt.promptVersion(),
                                attempt.promptSha256(),
                                0,
                                null,
                                null,
                                null,
                                attempt.startedAt(),
                                "default"));
        ended(row, attempt);
        return row;
    }

    /**
     * An attempt whose end never came (its task's instance stopped, or an error cut the task
     * short): interrupted, costing its prompt, flagged as an estimate.
     */
    static void interrupt(AttemptRow row, String why) {
        row.outcome = INTERRUPTED;
        row.detail = "{\"why\":\"" + why + "\"}";
        row.costUsd = row.promptCostUsd;
        row.costEstimated = true;
        row.finishedAt = micros(Instant.now());
        row.latencyMs = Duration.between(row.startedAt, row.finishedAt).toMillis();
    }

    /** Sets the task's outcome on its row, with totals over its attempts. */
    static void finish(
            TaskRow row,
            TaskOutcome outcome,
            List<AttemptRow> attempts,
            Long latencyMs,
            String traceId) {
        row.status = outcome.succeeded() ? TaskStatus.SUCCEEDED : TaskStatus.FAILED;
        row.result = outcome.succeeded() ? outcome.result().toString() : null;
        row.failureReason = outcome.failureReason();
        row.attemptCount = attempts.size();
        row.maxRung = attempts.stream().mapToInt(attempt -> attempt.rung).max().orElse(0);
        row.costUsd = totalCost(attempts.stream().map(attempt -> attempt.costUsd).toList());
        row.latencyMs = latencyMs;
        row.traceId = traceId;
        row.finishedAt = micros(Instant.now());
    }

    StoredTask stored(TaskRow row, List<AttemptRow> rows) {
        List<StoredTask.Attempt> stored =
                rows.stream()
                        .map(
                                a ->
                                        new StoredTask.Attempt(
                                                a.seq,
                                                a.rung,
                                                a.provider,
                                                a.modelRequested,
                                                a.modelAnswered,
                                                a.promptVersion,
                                                a.promptSha256,
                                                a.outcome,
                                                json.readValue(a.detail, MAP),
                                                a.inputTokens,
                                                a.cachedInputTokens,
                                                a.outputTokens,
                                                a.reasoningTokens,
                                                a.costUsd,
                                                a.costEstimated,
                                                a.latencyMs,
                                                a.providerRequestId,
                                                a.startedAt,
                                                a.finishedAt,
                                                a.serviceTier))
                        .toList();
        return new StoredTask(
                row.id,
                row.type,
                row.taskTypeVersion,
                row.subjectId,
                row.idempotencyKey,
                row.requestHash,
                row.status,
                row.result == null ? null : json.readTree(row.result),
                row.failureReason,
                row.tier,
                row.policy,
                row.experimentId,
                row.arm,
                row.simulated,
                row.cacheHit,
                row.costUsd,
                row.latencyMs,
                row.createdAt,
                row.finishedAt,
                row.deadline,
                stored);
    }

    /**
     * PostgreSQL keeps microseconds: store what will be read back, so a task reads back as it was
     * answered.
     */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** NULL when any attempt had no known price: a partial sum would understate the spend. */
    static BigDecimal totalCost(List<BigDecimal> costs) {
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
