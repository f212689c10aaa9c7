package dev.rung.simulator.internal;

/**
 * How the simulated Batch API treats a batch: {@code expireAfter} requests (null: every one) are
 * run before its completion window closes, and the rest are expired, as OpenAI expires a batch it
 * could not finish in 24 hours.
 */
public record BatchBehaviour(Integer expireAfter) {

    static final BatchBehaviour DEFAULT = new BatchBehaviour(null);
}
