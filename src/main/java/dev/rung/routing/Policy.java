package dev.rung.routing;

import java.util.List;

/**
 * A named routing policy: the models to try in order, how often a rung may be retried after a
 * transient provider error, and whether the next rung sees the failed draft and the check's
 * message.
 */
public record Policy(
        String name,
        List<String> ladder,
        int maxRetriesPerRung,
        boolean escalateWithContext,
        NoCapacity whenNoCapacity,
        /* Tasks that can wait are sent on OpenAI's flex tier on the rungs whose model offers it. */
        boolean flex) {

    public Policy {
        ladder = List.copyOf(ladder);
    }

    public Policy(
            String name,
            List<String> ladder,
            int maxRetriesPerRung,
            boolean escalateWithContext,
            NoCapacity whenNoCapacity) {
        this(name, ladder, maxRetriesPerRung, escalateWithContext, whenNoCapacity, false);
    }

    public Policy(
            String name, List<String> ladder, int maxRetriesPerRung, boolean escalateWithContext) {
        this(name, ladder, maxRetriesPerRung, escalateWithContext, NoCapacity.FALL_BACK);
    }

    /**
     * What a task does when its rung has no capacity (rate limits, open breaker) within the queue
     * time.
     */
    public enum NoCapacity {
        /** Try the next rung that has capacity. */
        FALL_BACK,
        /** Answer 429 with Retry-After. */
        REJECT
    }

    /** The same policy with its ladder from {@code rung} (0 = the first) on. */
    public Policy startingAt(int rung) {
        int from = Math.min(rung, ladder.size() - 1);
        return new Policy(
                name,
                ladder.subList(from, ladder.size()),
                maxRetriesPerRung,
                escalateWithContext,
                whenNoCapacity);
    }

    public boolean hasRungAfter(int rung) {
        return rung + 1 < ladder.size();
    }
}
