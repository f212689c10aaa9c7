package dev.rung.ledger;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores tasks and attempts. No transaction is held across a model call. An attempt is stored as in
 * flight before its call leaves Rung and completed when it ends, so a paid call is on record
 * whatever happens to the process after.
 */
public interface TaskLedger {

    /**
     * A task about to run on this instance; one with an Idempotency-Key is stored at once, as that
     * row claims the key.
     */
    Opened open(NewTask task);

    /**
     * Stores a task to be processed later by a worker ({@code queued}); joins the caller's
     * transaction.
     */
    Opened enqueue(NewTask task);

    /**
     * Takes up to {@code max} async tasks for this instance's workers: queued ones, and running
     * ones whose lease ran out (their worker died). Each taken task is leased until {@code
     * leaseUntil}.
     */
    List<QueuedTask> claim(int max, Instant leaseUntil);

    /** Stores a task answered from the response cache: succeeded, no attempts, cost 0. */
    Opened openFromCache(NewTask task, JsonNode result, long latencyMs);

    /**
     * Stores the attempt as in flight, with the task if it is not stored yet and whatever the task
     * has not stored of its earlier attempts; returns the attempt's id once all of it is committed.
     * Call it before the model call.
     */
    UUID startAttempt(UUID taskId, StartedAttempt attempt);

    /**
     * Stores the attempt as in flight like {@link #startAttempt}, for a call that leaves as a line
     * of a provider's batch; the task then waits outside this instance (no worker takes it, no
     * recovery ends it) until {@link #resumeBatched} takes it up when its batch ends.
     */
    UUID startBatched(UUID taskId, StartedAttempt attempt);

    /**
     * Takes up a task waiting on its batch, to record how its line ended and the rest of its
     * ladder: its attempts so far are loaded, the batch line's still in flight. False when it is
     * not waiting (another instance took it up, or it ended).
     */
    boolean resumeBatched(UUID taskId);

    /**
     * The end of a started attempt; stored with the task's next write (the next attempt's start, or
     * its end).
     */
    void endAttempt(UUID taskId, UUID attemptId, FinishedAttempt attempt);

    /**
     * An attempt whose call never left Rung (no capacity, an open breaker, no budget); stored with
     * the next write.
     */
    void recordUnsent(UUID taskId, FinishedAttempt attempt);

    /**
     * Stores the outcome with everything the task has not stored yet; {@code traceId} may be null.
     */
    StoredTask finish(UUID taskId, TaskOutcome outcome, long latencyMs, String traceId);

    /**
     * Ends a task that could not finish normally (an unexpected error) as failed, keeping its
     * attempts; an attempt still in flight is interrupted, with its prompt's cost.
     */
    void abandon(UUID taskId, String reason);

    Optional<StoredTask> find(UUID taskId);
}
