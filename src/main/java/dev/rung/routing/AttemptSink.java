package dev.rung.routing;

import dev.rung.task.SourcePassage;

import java.util.List;
import java.util.UUID;

/**
 * Where a task's attempts are recorded as they happen. A call that leaves Rung is paid for: {@link
 * #started} returns only once the attempt is recorded as in flight, and is called before the call
 * leaves, so no paid call goes unrecorded whatever happens to the process during it.
 */
public interface AttemptSink {

    /**
     * The attempt is about to call its model; returns its id once it is durably recorded as in
     * flight.
     */
    UUID started(AttemptStart attempt);

    /** A started attempt ended, with its outcome, evidence and cost. */
    void ended(UUID attemptId, AttemptRecord attempt);

    /** An attempt whose call never left Rung: no capacity, an open breaker, no budget. */
    void unsent(AttemptRecord attempt);

    /**
     * The passages of a knowledge source a grounded task is given, reported before its first call.
     */
    default void given(String source, List<SourcePassage> passages) {}

    /** The passages the task's accepted answer cites, reported as it is accepted. */
    default void cited(String source, List<String> passageIds) {}
}
