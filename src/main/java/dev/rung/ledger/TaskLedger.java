package dev.rung.ledger;

import dev.rung.routing.AttemptRecord;
import dev.rung.routing.RoutedTask;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Stores tasks and attempts. Each call is its own short transaction; none is held across a model call. */
public interface TaskLedger {

    /** Inserts the task as {@code running}; an existing idempotency key returns the task that holds it. */
    Opened open(NewTask task);

    /** Stores a task to be processed later by a worker ({@code queued}); joins the caller's transaction. */
    Opened enqueue(NewTask task);

    /**
     * Takes up to {@code max} async tasks for this worker: queued ones, and running ones whose lease ran out
     * (their worker died). Each taken task is leased until {@code leaseUntil}.
     */
    java.util.List<QueuedTask> claim(int max, java.time.Instant leaseUntil);

    /** Stores a task answered from the response cache: succeeded, no attempts, cost 0. */
    Opened openFromCache(NewTask task, JsonNode result, long latencyMs);

    void recordAttempt(UUID taskId, AttemptRecord attempt);

    /** Stores the outcome; {@code traceId} names the trace the task ran in (null without tracing). */
    StoredTask finish(UUID taskId, RoutedTask routed, long latencyMs, String traceId);

    /** Marks a task that could not finish normally (an unexpected error) as failed, keeping its attempts. */
    void abandon(UUID taskId, String reason);

    Optional<StoredTask> find(UUID taskId);
}
