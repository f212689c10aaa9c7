package dev.rung.routing;

import dev.rung.task.TaskRequest;

/**
 * A policy whose ladder starts where a learned router predicts it should for each input: at the
 * first rung when that rung is likely to pass (and be right), one rung higher when not.
 */
public interface LearnedPolicy {

    /** The policy with its whole ladder; its name is {@code learned:<router>@<version>}. */
    Policy policy();

    /**
     * Whether its offline evaluation has finished: only then may it serve live traffic (an
     * experiment's arm); replays may run it before, which is how it is evaluated.
     */
    boolean evaluated();

    /**
     * The rung (0 = the ladder's first) this input starts on.
     *
     * @param queued whether the task was accepted to run later (webhooks, asynchronous calls)
     */
    int startRung(TaskRequest request, boolean queued);
}
