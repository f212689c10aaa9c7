package dev.rung.routing;

import dev.rung.task.Tier;

import java.util.UUID;

/**
 * The tier a task was judged to be and the policy it runs under; inside an experiment also the
 * experiment and the subject's arm (both null otherwise), whose budget the task spends.
 */
public record Route(
        Tier tier,
        Policy policy,
        UUID experimentId,
        String arm,
        /*
         * Where a task that can wait for its answer came from: api (an asynchronous call), a
         * webhook source (hubspot, zendesk, ...), replay (reruns) or bulk (a bulk job); null while a caller
         * waits.
         * Its calls may go on flex.
         */
        String waitingSource) {

    /** A rerun's source: replays, shadows and router evaluations. */
    public static final String REPLAY = "replay";

    /** A bulk job's source: its tasks' calls after their batch line go on flex. */
    public static final String BULK = "bulk";

    public Route(Tier tier, Policy policy, UUID experimentId, String arm) {
        this(tier, policy, experimentId, arm, null);
    }

    public Route(Tier tier, Policy policy) {
        this(tier, policy, null, null, null);
    }

    /** Whether the task can wait for its answer. */
    public boolean waits() {
        return waitingSource != null;
    }

    /** The same route for a task from {@code source} that can wait. */
    public Route waiting(String source) {
        return new Route(tier, policy, experimentId, arm, source);
    }
}
