package dev.rung.routing;

import dev.rung.task.Tier;

import java.util.UUID;

/**
 * The tier a task was judged to be and the policy it runs under; inside an experiment also the
 * experiment and the subject's arm (both null otherwise), whose budget the task spends.
 */
public record Route(Tier tier, Policy policy, UUID experimentId, String arm) {

    public Route(Tier tier, Policy policy) {
        this(tier, policy, null, null);
    }
}
