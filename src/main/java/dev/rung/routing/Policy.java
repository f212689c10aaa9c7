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
        boolean flex,
        Hedge hedge) {

    public Policy {
        ladder = List.copyOf(ladder);
        hedge = hedge == null ? Hedge.NONE : hedge;
    }

    public Policy(
            String name,
            List<String> ladder,
            int maxRetriesPerRung,
            boolean escalateWithContext,
            NoCapacity whenNoCapacity,
            boolean flex) {
        this(
                name,
                ladder,
                maxRetriesPerRung,
                escalateWithContext,
                whenNoCapacity,
                flex,
                Hedge.NONE);
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

    /**
     * Whether a call that runs past its model's observed p95 latency is raced by a second one: the
     * first valid answer wins and the other call is cancelled.
     */
    public enum Hedge {
        NONE,
        /** The same call again, on the same model. */
        SAME_RUNG,
        /** The next rung's call (the same call on the last rung). */
        NEXT_RUNG
    }

    /** The same policy with its ladder from {@code rung} (0 = the first) on. */
    public Policy startingAt(int rung) {
        int from = Math.min(rung, ladder.size() - 1);
        return new Policy(
                name,
                ladder.subList(from, ladder.size()),
                maxRetriesPerRung,
                escalateWithContext,
                whenNoCapacity,
                flex,
                hedge);
    }

    public boolean hasRungAfter(int rung) {
        return rung + 1 < ladder.size();
    }
}
