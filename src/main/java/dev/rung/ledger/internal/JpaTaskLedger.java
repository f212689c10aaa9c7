package dev.rung.ledger.internal;

import dev.rung.ledger.NewTask;
import dev.rung.ledger.Opened;
import dev.rung.ledger.QueuedTask;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskFinished;
import dev.rung.ledger.TaskLedger;
import dev.rung.routing.AttemptRecord;
import dev.rung.routing.RoutedTask;
import tools.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger: tasks and attempts are written through {@link GroupCommit} (many rows per transaction under load,
 * each caller answered once its row is committed) and read with Spring Data JPA. No transaction spans a model call.
 */
@Component
class JpaTaskLedger implements TaskLedger {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final TaskRepository tasks;
    private final AttemptRepository attempts;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final QueueClaims claims;
    private final GroupCommit writes;
    /** Tasks this instance is running, with their attempts so far: a finished task is answered without reading it back. */
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    private record Running(TaskEntity task, List<AttemptEntity> attempts) {
    }

    JpaTaskLedger(TaskRepository tasks, AttemptRepository attempts, TransactionTemplate transactions, JsonMapper json,
            ApplicationEventPublisher events, QueueClaims claims, GroupCommit writes) {
        this.writes = writes;
        this.claims = claims;
        this.events = events;
        this.tasks = tasks;
        this.attempts = attempts;
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public Opened open(NewTask task) {
        TaskEntity row = newRow(task);
        Opened opened = insertGrouped(row);
        if (opened instanceof Opened.Fresh) {
            running.put(row.id, new Running(row, new CopyOnWriteArrayList<>()));
        }
        return opened;
    }

    @Override
    public Opened enqueue(NewTask task) {
        TaskEntity row = newRow(task);
        row.status = "queued";
        row.mode = "async";
        return insert(row, task.idempotencyKey());
    }

    @Override
    public List<QueuedTask> claim(int max, Instant leaseUntil) {
        return claims.claim(max, leaseUntil);
    }

    @Override
    public Opened openFromCache(NewTask task, JsonNode result, long latencyMs) {
        TaskEntity row = newRow(task);
        row.status = "succeeded";
        row.cacheHit = true;
        row.result = result.toString();
        row.costUsd = BigDecimal.ZERO.setScale(9);
        row.maxRung = 0;
        row.latencyMs = latencyMs;
        row.finishedAt = micros(Instant.now());
        Opened opened = insertGrouped(row);
        if (opened instanceof Opened.Fresh) {
            events.publishEvent(new TaskFinished(row.id, row.type, row.status, row.experimentId, row.arm));
        }
        return opened;
    }

    private TaskEntity newRow(NewTask task) {
        TaskEntity row = new TaskEntity();
        row.id = TimeOrderedIds.next();
        row.type = task.type().slug();
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
        row.createdAt = micros(task.createdAt());
        return row;
    }

    /**
     * Through group commit. The unique index on idempotency_key decides races between identical requests: a
     * conflicting row is left out (0 rows), and the task that holds the key is returned instead.
     */
    private Opened insertGrouped(TaskEntity row) {
        int inserted = writes.write(LedgerSql.INSERT_TASK, row.id, row.type, row.subjectId, row.idempotencyKey,
                row.requestHash, row.input, row.status, row.result, row.tier, row.policy, row.experimentId, row.arm,
                row.simulated, row.cacheHit, row.maxRung, row.costUsd, row.latencyMs, row.mode,
                LedgerSql.timestamp(row.createdAt), LedgerSql.timestamp(row.finishedAt));
        if (inserted == 1) {
            return new Opened.Fresh(row.id);
        }
        return holderOf(row.idempotencyKey)
                .orElseThrow(() -> new IllegalStateException("task " + row.id + " was neither stored nor a duplicate"));
    }

    private Opened insert(TaskEntity row, String idempotencyKey) {
        try {
            // The unique index on idempotency_key decides races between identical requests, not a prior lookup.
            transactions.executeWithoutResult(status -> tasks.saveAndFlush(row));
            return new Opened.Fresh(row.id);
        } catch (DataIntegrityViolationException duplicateKey) {
            return holderOf(idempotencyKey).orElseThrow(() -> duplicateKey);
        }
    }

    /** The task that holds an Idempotency-Key, as the answer to a request that repeats it. */
    private Optional<Opened> holderOf(String idempotencyKey) {
        return tasks.findByIdempotencyKey(idempotencyKey).map(existing -> new Opened.AlreadyExists(toStored(existing)));
    }

    @Override
    public void recordAttempt(UUID taskId, AttemptRecord attempt) {
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
        writes.write(LedgerSql.INSERT_ATTEMPT, row.id, row.taskId, row.seq, row.rung, row.provider, row.modelRequested,
                row.modelAnswered, row.promptVersion, row.promptSha256, row.outcome, row.detail, row.inputTokens,
                row.cachedInputTokens, row.outputTokens, row.reasoningTokens, row.costUsd, row.latencyMs,
                row.providerRequestId, LedgerSql.timestamp(row.startedAt), LedgerSql.timestamp(row.finishedAt));
        Running task = running.get(taskId);
        if (task != null) {
            task.attempts().add(row);
        }
    }

    @Override
    public StoredTask finish(UUID taskId, RoutedTask routed, long latencyMs, String traceId) {
        Running known = running.remove(taskId);
        TaskEntity row = known != null ? known.task() : tasks.findById(taskId).orElseThrow();
        row.status = routed.succeeded() ? "succeeded" : "failed";
        row.result = routed.result().map(Object::toString).orElse(null);
        row.failureReason = routed.stopReason().map(reason -> reason.name().toLowerCase(Locale.ROOT)).orElse(null);
        row.attemptCount = routed.attempts().size();
        row.maxRung = routed.attempts().stream().mapToInt(AttemptRecord::rung).max().orElse(0);
        row.costUsd = totalCost(routed.attempts());
        row.latencyMs = latencyMs;
        row.traceId = traceId;
        row.finishedAt = micros(Instant.now());
        writes.write(LedgerSql.FINISH_TASK, row.status, row.result, row.failureReason, row.attemptCount, row.maxRung,
                row.costUsd, row.latencyMs, row.traceId, LedgerSql.timestamp(row.finishedAt), row.id);
        StoredTask stored = known != null ? toStored(row, known.attempts()) : toStored(row);
        events.publishEvent(new TaskFinished(stored.id(), stored.type(), stored.status(), stored.experimentId(), stored.arm()));
        return stored;
    }

    @Override
    public void abandon(UUID taskId, String reason) {
        running.remove(taskId);
        transactions.executeWithoutResult(status -> tasks.findById(taskId).ifPresent(row -> {
            row.status = "failed";
            row.failureReason = reason;
            row.attemptCount = (int) attempts.countByTaskId(taskId);
            row.finishedAt = micros(Instant.now());
        }));
    }

    @Override
    public Optional<StoredTask> find(UUID taskId) {
        return tasks.findById(taskId).map(this::toStored);
    }

    /** PostgreSQL keeps microseconds: store what will be read back, so a task reads back as it was answered. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** NULL when any attempt had no known price: a partial sum would understate the spend. */
    private static BigDecimal totalCost(List<AttemptRecord> records) {
        BigDecimal total = BigDecimal.ZERO.setScale(9);
        for (AttemptRecord record : records) {
            if (record.costUsd() == null) {
                return null;
            }
            total = total.add(record.costUsd());
        }
        return total;
    }

    private StoredTask toStored(TaskEntity row) {
        return toStored(row, attempts.findByTaskIdOrderBySeq(row.id));
    }

    private StoredTask toStored(TaskEntity row, List<AttemptEntity> rows) {
        List<StoredTask.Attempt> stored = rows.stream()
                .map(a -> new StoredTask.Attempt(a.seq, a.rung, a.provider, a.modelRequested, a.modelAnswered,
                        a.promptVersion, a.promptSha256, a.outcome, json.readValue(a.detail, MAP), a.inputTokens,
                        a.cachedInputTokens, a.outputTokens, a.reasoningTokens, a.costUsd, a.latencyMs,
                        a.providerRequestId, a.startedAt, a.finishedAt))
                .toList();
        return new StoredTask(row.id, row.type, row.subjectId, row.idempotencyKey, row.requestHash, row.status,
                row.result == null ? null : json.readTree(row.result), row.failureReason, row.tier, row.policy,
                row.experimentId, row.arm, row.simulated, row.cacheHit, row.costUsd, row.latencyMs, row.createdAt, row.finishedAt,
                stored);
    }
}
