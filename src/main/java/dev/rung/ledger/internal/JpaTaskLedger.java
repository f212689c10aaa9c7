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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger: tasks and attempts are written through {@link GroupCommit} (many tasks per transaction under load,
 * each caller answered once its rows are committed) and read with Spring Data JPA. No transaction spans a model
 * call. A synchronous task is written once, when it ends, with its attempts, in one transaction: nothing is
 * half-stored, and a task costs one commit. Only a task with an Idempotency-Key is stored as {@code running} when
 * it starts, because that row is what claims the key against concurrent repeats.
 */
@Component
class JpaTaskLedger implements TaskLedger {

    private final TaskRepository tasks;
    private final AttemptRepository attempts;
    private final TransactionTemplate transactions;
    private final LedgerRows rows;
    private final ApplicationEventPublisher events;
    private final QueueClaims claims;
    private final GroupCommit writes;
    private final JdbcClient jdbc;
    /** Synchronous tasks this instance is running, with their attempts so far, stored when the task ends. */
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    /** {@code stored}: the task's row exists already (it claimed an Idempotency-Key). */
    private record Running(TaskEntity task, List<AttemptEntity> attempts, boolean stored) {
    }

    JpaTaskLedger(TaskRepository tasks, AttemptRepository attempts, TransactionTemplate transactions, LedgerRows rows,
            ApplicationEventPublisher events, QueueClaims claims, GroupCommit writes, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.claims = claims;
        this.events = events;
        this.tasks = tasks;
        this.attempts = attempts;
        this.transactions = transactions;
        this.rows = rows;
    }

    @Override
    public Opened open(NewTask task) {
        TaskEntity row = rows.task(task);
        if (row.idempotencyKey == null) {
            running.put(row.id, new Running(row, new CopyOnWriteArrayList<>(), false));
            return new Opened.Fresh(row.id);
        }
        Opened opened = insertGrouped(row);
        if (opened instanceof Opened.Fresh) {
            running.put(row.id, new Running(row, new CopyOnWriteArrayList<>(), true));
        }
        return opened;
    }

    @Override
    public Opened enqueue(NewTask task) {
        TaskEntity row = rows.task(task);
        row.status = "queued";
        row.mode = "async";
        return insertInCallersTransaction(row);
    }

    @Override
    public List<QueuedTask> claim(int max, Instant leaseUntil) {
        return claims.claim(max, leaseUntil);
    }

    @Override
    public Opened openFromCache(NewTask task, JsonNode result, long latencyMs) {
        TaskEntity row = rows.task(task);
        row.status = "succeeded";
        row.cacheHit = true;
        row.result = result.toString();
        row.costUsd = BigDecimal.ZERO.setScale(9);
        row.maxRung = 0;
        row.latencyMs = latencyMs;
        row.finishedAt = LedgerRows.micros(Instant.now());
        Opened opened = insertGrouped(row);
        if (opened instanceof Opened.Fresh) {
            events.publishEvent(new TaskFinished(row.id, row.type, row.status, row.experimentId, row.arm));
        }
        return opened;
    }

    /**
     * Through group commit. The claim of the Idempotency-Key as the row is inserted (V12) decides races between
     * identical requests, not a prior lookup: a row whose key is held is left out (0 rows), and the task that holds
     * the key is returned instead.
     */
    private Opened insertGrouped(TaskEntity row) {
        return freshOrHolder(row, writes.commit(List.of(LedgerSql.insertTask(row)))[0]);
    }

    /**
     * Not through group commit: a webhook's task is stored in the same transaction as its delivery, so that a
     * repeated delivery stores neither. A row whose Idempotency-Key is held is left out, as in group commit.
     */
    private Opened insertInCallersTransaction(TaskEntity row) {
        GroupCommit.Row insert = LedgerSql.insertTask(row);
        Integer inserted = transactions.execute(status -> jdbc.sql(insert.sql()).params(insert.parameters()).update());
        return freshOrHolder(row, inserted == null ? 0 : inserted);
    }

    private Opened freshOrHolder(TaskEntity row, int inserted) {
        if (inserted == 1) {
            return new Opened.Fresh(row.id);
        }
        return holderOf(row.idempotencyKey)
                .orElseThrow(() -> new IllegalStateException("task " + row.id + " was neither stored nor a duplicate"));
    }

    /** The task that holds an Idempotency-Key, as the answer to a request that repeats it. */
    private Optional<Opened> holderOf(String idempotencyKey) {
        return tasks.findByIdempotencyKey(idempotencyKey).map(existing -> new Opened.AlreadyExists(toStored(existing)));
    }

    @Override
    public void recordAttempt(UUID taskId, AttemptRecord attempt) {
        AttemptEntity row = rows.attempt(taskId, attempt);
        Running task = running.get(taskId);
        if (task != null) {
            task.attempts().add(row);
        } else {
            // A queued task run by a worker: its row exists, so each attempt is stored as it ends.
            writes.commit(List.of(LedgerSql.insertAttempt(row)));
        }
    }

    @Override
    public StoredTask finish(UUID taskId, RoutedTask routed, long latencyMs, String traceId) {
        Running known = running.remove(taskId);
        TaskEntity row = known != null ? known.task() : tasks.findById(taskId).orElseThrow();
        LedgerRows.finish(row, routed, latencyMs, traceId);
        writes.commit(outcome(row, known));
        StoredTask stored = known != null ? rows.stored(row, known.attempts()) : toStored(row);
        events.publishEvent(new TaskFinished(stored.id(), stored.type(), stored.status(), stored.experimentId(), stored.arm()));
        return stored;
    }

    @Override
    public void abandon(UUID taskId, String reason) {
        Running known = running.remove(taskId);
        if (known != null) {
            LedgerRows.abandon(known.task(), known.attempts(), reason);
            writes.commit(outcome(known.task(), known));
            return;
        }
        transactions.executeWithoutResult(status -> tasks.findById(taskId).ifPresent(row -> {
            row.status = "failed";
            row.failureReason = reason;
            row.attemptCount = (int) attempts.countByTaskId(taskId);
            row.finishedAt = LedgerRows.micros(Instant.now());
        }));
    }

    /** The rows that store a task's outcome: the whole task with its attempts, or the attempts and the update. */
    private static List<GroupCommit.Row> outcome(TaskEntity row, Running known) {
        List<GroupCommit.Row> outcome = new ArrayList<>();
        if (known != null && !known.stored()) {
            outcome.add(LedgerSql.insertTask(row));
        }
        if (known != null) {
            known.attempts().forEach(attempt -> outcome.add(LedgerSql.insertAttempt(attempt)));
        }
        if (known == null || known.stored()) {
            outcome.add(LedgerSql.finishTask(row));
        }
        return outcome;
    }

    @Override
    public Optional<StoredTask> find(UUID taskId) {
        return tasks.findById(taskId).map(this::toStored);
    }

    private StoredTask toStored(TaskEntity row) {
        return rows.stored(row, attempts.findByTaskIdOrderBySeq(row.id));
    }
}
