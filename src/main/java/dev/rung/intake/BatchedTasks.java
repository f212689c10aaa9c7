package dev.rung.intake;

import dev.rung.gateway.ModelOutcome;
import dev.rung.gateway.ModelRequest;
import dev.rung.ledger.StoredTask;
import dev.rung.routing.Route;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import java.time.Instant;
import java.util.UUID;

/**
 * Tasks whose first rung is answered by a provider's Batch API: each is a task of the ledger like
 * any, its batch line an attempt stored in flight before the batch is uploaded and priced at batch
 * prices when its line comes back. An answer that fails a check, or a provider error, goes on up
 * the usual synchronous ladder. Never answered from the cache and never in an experiment.
 */
public interface BatchedTasks {

    /**
     * Stores a new task with its batch line ({@code call}) in flight; it then waits for its batch.
     * When a budget refuses the call, the task is stored as failed ({@code budget_exhausted}) and
     * the line must not be sent.
     *
     * @param key distinguishes the task in the ledger's request hash (its job and line)
     */
    Parking park(
            TaskDefinition type, TaskRequest request, Route route, ModelRequest call, String key);

    /**
     * The task's line again, in a new batch: the last one never ran (its batch expired first). That
     * attempt ends unbilled ({@code code}), and a new one is in flight.
     */
    Parking repark(Parked parked, TaskDefinition type, Route route, ModelRequest call, String code);

    /**
     * Ends a waiting task from its batch line's outcome: an answer is checked, and a failed check
     * or a provider error goes on up the ladder synchronously; a write-back planned for the task
     * goes out when it ends.
     */
    StoredTask resume(
            Parked parked,
            TaskDefinition type,
            TaskRequest request,
            Route route,
            ModelRequest call,
            ModelOutcome outcome);

    /**
     * Ends a waiting task whose line will not run (its job was cancelled, or its batch failed as a
     * whole): the attempt ends unbilled with {@code code}, the task fails with {@code reason}.
     */
    StoredTask drop(Parked parked, TaskDefinition type, String code, String reason);

    /** What became of a line about to be sent. */
    sealed interface Parking {}

    /** On record and waiting: the line may be sent. */
    record Parked(
            UUID taskId,
            int sequence,
            UUID attemptId,
            UUID reservationId,
            String model,
            Instant createdAt)
            implements Parking {}

    /** Refused by a budget: the task is stored as failed and the line must not be sent. */
    record Refused(StoredTask task) implements Parking {}
}
