package dev.rung.simulator.internal;

import java.time.Duration;

/**
 * How the simulated Batch API treats a batch: it stays in progress for {@code inProgressFor} (null:
 * no time) before it runs, as a real batch waits its turn, and then runs {@code expireAfter}
 * requests (null: every one) before its completion window closes, expiring the rest, as OpenAI
 * expires a batch it could not finish in 24 hours.
 */
public record BatchBehaviour(Integer expireAfter, Duration inProgressFor) {

    static final BatchBehaviour DEFAULT = new BatchBehaviour(null, null);

    public BatchBehaviour {
        inProgressFor = inProgressFor == null ? Duration.ZERO : inProgressFor;
    }
}
