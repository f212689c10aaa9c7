package dev.rung.intake.internal;

import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.intake.BatchedTasks;
import dev.rung.knowledge.SourceUse;
import dev.rung.ledger.FinishedAttempt;
import dev.rung.ledger.Opened;
import dev.rung.ledger.StoredTask;
import dev.rung.ledger.TaskLedger;
import dev.rung.ledger.TaskOutcome;
import dev.rung.routing.Route;
import dev.rung.routing.TaskRouter;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** {@link BatchedTasks} on the ledger and the router, finished by the same runner as any task. */
@Component
class LedgerBatchedTasks implements BatchedTasks {

    private final TaskLedger ledger;
    private final SourceUse sources;
    private final TaskRouter router;
    private final TaskRunner runner;

    LedgerBatchedTasks(TaskLedger ledger, SourceUse sources, TaskRouter router, TaskRunner runner) {
        this.ledger = ledger;
        this.sources = sources;
        this.router = router;
        this.runner = runner;
    }

    @Override
    public Parking park(
            TaskDefinition type, TaskRequest request, Route route, ModelRequest call, String key) {
        Instant now = Instant.now();
        var task =
                LedgerReruns.unkeyed(type, request, route, "batch:" + key, router.simulated(), now);
        UUID taskId =
                switch (ledger.open(task)) {
                    case Opened.Fresh fresh -> fresh.taskId();
                    case Opened.AlreadyExists existing ->
                            throw new IllegalStateException(
                                    "a batched task has no idempotency key to collide on");
                };
        return send(taskId, 1, type, route, call, now);
    }

    @Override
    public Parking repark(
            Parked parked, TaskDefinition type, Route route, ModelRequest call, String code) {
        if (!ledger.resumeBatched(parked.taskId())) {
            throw new IllegalStateException("task " + parked.taskId() + " is not waiting");
        }
        endUnbilled(parked, type, code);
        return send(parked.taskId(), parked.sequence() + 1, type, route, call, parked.createdAt());
    }

    private Parking send(
            UUID taskId,
            int sequence,
            TaskDefinition type,
            Route route,
            ModelRequest call,
            Instant createdAt) {
        try {
            return router.sendElsewhere(
                            type,
                            call,
                            route,
                            sequence,
                            new LedgerSink(ledger, sources, taskId, true))
                    .<Parking>map(
                            left ->
                                    new Parked(
                                            taskId,
                                            sequence,
                                            left.attemptId(),
                                            left.reservationId(),
                                            call.model(),
                                            createdAt))
                    .orElseGet(
                            () ->
                                    new Refused(
                                            ledger.finish(
                                                    taskId,
                                                    new TaskOutcome(null, "budget_exhausted"),
                                                    latencyMs(createdAt),
                                                    null)));
        } catch (RuntimeException e) {
            ledger.abandon(taskId, "internal_error");
            throw e;
        }
    }

    @Override
    public StoredTask resume(
            Parked parked,
            TaskDefinition type,
            TaskRequest request,
            Route route,
            ModelRequest call,
            ModelOutcome outcome) {
        if (!ledger.resumeBatched(parked.taskId())) {
            return ledger.find(parked.taskId()).orElseThrow();
        }
        var answered =
                new TaskRouter.AnsweredElsewhere(
                        parked.sequence(),
                        parked.attemptId(),
                        parked.reservationId(),
                        call,
                        outcome,
                        parked.createdAt());
        long startedNanos =
                System.nanoTime() - Duration.between(parked.createdAt(), Instant.now()).toNanos();
        return runner.run(
                        parked.taskId(),
                        type,
                        route,
                        startedNanos,
                        sink -> router.resume(type, request, route, sink, answered))
                .task();
    }

    @Override
    public StoredTask drop(Parked parked, TaskDefinition type, String code, String reason) {
        if (!ledger.resumeBatched(parked.taskId())) {
            return ledger.find(parked.taskId()).orElseThrow();
        }
        endUnbilled(parked, type, code);
        return ledger.finish(
                parked.taskId(),
                new TaskOutcome(null, reason),
                latencyMs(parked.createdAt()),
                null);
    }

    /** The line's attempt ends as never run: no tokens, nothing billed, its reservation freed. */
    private void endUnbilled(Parked parked, TaskDefinition type, String code) {
        Instant now = Instant.now();
        ledger.endAttempt(
                parked.taskId(),
                parked.attemptId(),
                new FinishedAttempt(
                        parked.sequence(),
                        1,
                        router.provider(),
                        parked.model(),
                        null,
                        type.prompt().version(),
                        type.prompt().sha256(),
                        code,
                        Map.of("batchLine", "never ran: " + code),
                        new FinishedAttempt.Tokens(0, 0, 0, 0),
                        BigDecimal.ZERO.setScale(9),
                        Duration.between(parked.createdAt(), now),
                        null,
                        parked.createdAt(),
                        now));
        router.neverRan(parked.reservationId());
    }

    private static long latencyMs(Instant createdAt) {
        return Duration.between(createdAt, Instant.now()).toMillis();
    }
}
