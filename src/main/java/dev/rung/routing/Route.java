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
        /* The task can wait for its answer (queued, or a rerun): its calls may go on flex. */
        boolean waits) {

    public Route(Tier tier, Policy policy, UUID experimentId, String arm) {
        this(tier, policy, experimentId, arm, false);
    }

    public Route(Tier tier, Policy policy) {
        this(tier, policy, null, null, false);
    }

    /** The same route for a task that can wait. */
    public Route waiting() {
        return new Route(tier, policy, experimentId, arm, true);
    }
}
