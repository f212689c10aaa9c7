package dev.rung.ledger.internal;

import dev.rung.budgets.Budgets;
import dev.rung.instance.RungInstance;
import dev.rung.ledger.FinishedAttempt;
import dev.rung.ledger.NewTask;
import dev.rung.ledger.Opened;
import dev.rung.ledger.QueuedTask;
import dev.rung.ledger.StartedAttempt;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskFinished;
import dev.rung.ledger.TaskLedger;
import dev.rung.ledger.TaskOutcome;
import dev.rung.ledger.TaskStatus;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger. Tasks and attempts are written through {@link GroupCommit} (many tasks share a
 * transaction under load, each caller answered once its rows are committed) and read with Spring
 * Data JPA. No transaction spans a model call. Before a call leaves Rung its attempt is committed
 * as in flight (with the task's row, the first time), so a paid call is on record even if the
 * process dies during it; the call's end is stored with the task's next write, the next attempt's
 * start or the task's end. A task whose instance dies is ended as interrupted by {@link
 * InstanceRecovery}.
 */
@Component
class PostgresTaskLedger implements TaskLedger {

    private final LedgerReads reads;
    private final TransactionTemplate transactions;
    private final LedgerRows rows;
    private final ApplicationEventPublisher events;
    private final QueueClaims claims;
    private final GroupCommit writes;
    private final JdbcClient jdbc;
    private final RungInstance instance;
    private final Budgets budgets;

    /** Tasks this instance is running: what each has not stored yet. */
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    /** A task in progress on this instance; only its own thread touches it. */
    private static final class Running {
        final TaskRow task;
        boolean stored;
        final List<GroupCommit.Row> unstored = new ArrayList<>();
        final List<AttemptRow> attempts = new ArrayList<>();
        final Map<UUID, AttemptRow> inFlight = new LinkedHashMap<>();

        Running(TaskRow task, boolean stored) {
            this.task = task;
            this.stored = stored;
        }

        /**
         * The rows to write now: the task's row first if it is not stored yet, then what waited.
         */
        List<GroupCommit.Row> toWrite() {
            List<GroupCommit.Row> rows = new ArrayList<>();
            if (!stored) {
                rows.add(LedgerSql.insertTask(task));
            }
            rows.addAll(unstored);
            return rows;
        }
    }

    PostgresTaskLedger(
            LedgerReads reads,
            TransactionTemplate transactions,
            LedgerRows rows,
            ApplicationEventPublisher events,
            QueueClaims claims,
            GroupCommit writes,
            JdbcClient jdbc,
            RungInstance instance,
            Budgets budgets) {
        this.reads = reads;
        this.transactions = transactions;
        this.rows = rows;
        this.events = events;
        this.claims = claims;
        this.writes = writes;
        this.jdbc = jdbc;
        this.instance = instance;
        this.budgets = budgets;
    }

    @Override
    public Opened open(NewTask task) {
        TaskRow row = rows.task(task, instance.id());
        if (row.idempotencyKey == null) {
            running.put(row.id, new Running(row, false));
            return new Opened.Fresh(row.id);
        }
        // Stored at once: the row claims the key against concurrent repeats (V12), not a prior
        // lookup.
        Opened opened = freshOrHolder(row, writes.commit(List.of(LedgerSql.insertTask(row)))[0]);
        if (opened instanceof Opened.Fresh) {
            running.put(row.id, new Running(row, true));
        }
        return opened;
    }

    @Override
    public Opened enqueue(NewTask task) {
        TaskRow row = rows.task(task, null);
        row.status = TaskStatus.QUEUED;
        row.mode = "async";
        // Not through group commit: a webhook's task is stored in the same transaction as its
        // delivery.
        GroupCommit.Row insert = LedgerSql.insertTask(row);
        Integer inserted =
                transactions.execute(
                        status -> jdbc.sql(insert.sql()).params(insert.parameters()).update());
        return freshOrHolder(row, inserted == null ? 0 : inserted);
    }

    @Override
    public List<QueuedTask> claim(int max, Instant leaseUntil) {
        return claims.claim(max, leaseUntil, instance.id());
    }

    @Override
    public Opened openFromCache(NewTask task, JsonNode result, long latencyMs) {
        TaskRow row = rows.task(task, null);
        LedgerRows.finish(row, new TaskOutcome(result, null), List.of(), latencyMs, null);
        row.cacheHit = true;
        row.costUsd = BigDecimal.ZERO.setScale(9);
        Opened opened = freshOrHolder(row, writes.commit(List.of(LedgerSql.insertTask(row)))[0]);
        if (opened instanceof Opened.Fresh) {
            events.publishEvent(
                    new TaskFinished(row.id, row.type, row.status, row.experimentId, row.arm));
        }
        return opened;
    }

    private Opened freshOrHolder(TaskRow row, int inserted) {
        if (inserted == 1) {
            return new Opened.Fresh(row.id);
        }
        return reads.taskByIdempotencyKey(row.idempotencyKey)
                .map(existing -> (Opened) new Opened.AlreadyExists(toStored(existing)))
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "task " + row.id + " was neither stored nor a duplicate"));
    }

    @Override
    public UUID startAttempt(UUID taskId, StartedAttempt started) {
        Running task = running(taskId);
        AttemptRow attempt = rows.started(taskId, started);
        List<GroupCommit.Row> write = task.toWrite();
        write.add(LedgerSql.insertAttempt(attempt));
        writes.commit(write);
        task.stored = true;
        task.unstored.clear();
        task.attempts.add(attempt);
        task.inFlight.put(attempt.id, attempt);
        return attempt.id;
    }

    @Override
    public UUID startBatched(UUID taskId, StartedAttempt started) {
        Running task = running(taskId);
        AttemptRow attempt = rows.started(taskId, started);
        task.task.mode = "batch";
        task.task.instanceId = null;
        List<GroupCommit.Row> write = task.toWrite();
        if (task.stored) {
            write.add(new GroupCommit.Row(LedgerSql.PARK_TASK, taskId));
        }
        write.add(LedgerSql.insertAttempt(attempt));
        writes.commit(write);
        // Stored and waiting on its batch: no longer this instance's until it is taken up again.
        running.remove(taskId);
        return attempt.id;
    }

    @Override
    public boolean resumeBatched(UUID taskId) {
        int claimed =
                writes.commit(
                                List.of(
                                        new GroupCommit.Row(
                                                LedgerSql.CLAIM_BATCHED, instance.id(), taskId)))[
                        0];
        if (claimed == 0) {
            return false;
        }
        TaskRow row =
                reads.task(taskId)
                        .orElseThrow(
                                () -> new IllegalStateException("task " + taskId + " is gone"));
        Running task = new Running(row, true);
        for (AttemptRow attempt : reads.attempts(taskId)) {
            task.attempts.add(attempt);
            if ("in_flight".equals(attempt.outcome)) {
                task.inFlight.put(attempt.id, attempt);
            }
        }
        running.put(taskId, task);
        return true;
    }

    @Override
    public void endAttempt(UUID taskId, UUID attemptId, FinishedAttempt finished) {
        Running task = running(taskId);
        AttemptRow attempt = task.inFlight.remove(attemptId);
        rows.ended(attempt, finished);
        task.unstored.add(LedgerSql.completeAttempt(attempt));
    }

    @Override
    public void recordUnsent(UUID taskId, FinishedAttempt finished) {
        Running task = running(taskId);
        AttemptRow attempt = rows.unsent(taskId, finished);
        task.attempts.add(attempt);
        task.unstored.add(LedgerSql.insertAttempt(attempt));
    }

    @Override
    public StoredTask finish(UUID taskId, TaskOutcome outcome, long latencyMs, String traceId) {
        Running task = running(taskId);
        LedgerRows.finish(task.task, outcome, task.attempts, latencyMs, traceId);
        store(task);
        StoredTask stored = rows.stored(task.task, storedAttempts(task));
        events.publishEvent(
                new TaskFinished(
                        stored.id(),
                        stored.type(),
                        stored.status(),
                        stored.experimentId(),
                        stored.arm()));
        return stored;
    }

    @Override
    public void abandon(UUID taskId, String reason) {
        Running task = running(taskId);
        List<AttemptRow> interrupted = List.copyOf(task.inFlight.values());
        for (AttemptRow attempt : interrupted) {
            LedgerRows.interrupt(attempt, "the task ended with an error while the call ran");
            task.unstored.add(LedgerSql.completeAttempt(attempt));
        }
        task.inFlight.clear();
        LedgerRows.finish(task.task, new TaskOutcome(null, reason), task.attempts, null, null);
        // Stored first: if that fails, the attempts stay in flight and recovery releases their
        // reservations.
        store(task);
        interrupted.forEach(
                attempt -> budgets.release(attempt.reservationId, attempt.promptCostUsd));
        events.publishEvent(
                new TaskFinished(
                        task.task.id,
                        task.task.type,
                        task.task.status,
                        task.task.experimentId,
                        task.task.arm));
    }

    /**
     * Writes what the task has not stored with its end; it is this instance's no more, whether or
     * not that worked.
     */
    private void store(Running task) {
        List<GroupCommit.Row> write = task.toWrite();
        if (task.stored) {
            write.add(LedgerSql.finishTask(task.task));
        }
        try {
            writes.commit(write);
        } finally {
            running.remove(task.task.id);
        }
    }

    /**
     * For a task this run stored its attempts whole; one run again by a worker, or taken up after
     * its batch, also has its earlier runs' attempts.
     */
    private List<AttemptRow> storedAttempts(Running task) {
        return task.task.mode.equals("sync") ? task.attempts : reads.attempts(task.task.id);
    }

    /**
     * The task in progress; a queued task a worker took is looked up the first time its run writes.
     */
    private Running running(UUID taskId) {
        return running.computeIfAbsent(
                taskId,
                id ->
                        new Running(
                                reads.task(id)
                                        .orElseThrow(
                                                () ->
                                                        new IllegalStateException(
                                                                "task " + id + " is not stored")),
                                true));
    }

    /**
     * The tasks this instance runs now: one of its tasks left running but not among these was cut
     * short.
     */
    Set<UUID> active() {
        return Set.copyOf(running.keySet());
    }

    @Override
    public Optional<StoredTask> find(UUID taskId) {
        return reads.task(taskId).map(this::toStored);
    }

    private StoredTask toStored(TaskRow row) {
        return rows.stored(row, reads.attempts(row.id));
    }
}
