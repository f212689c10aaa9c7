package dev.rung.replays;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Replays as other modules start and read them: a policy run over the stored inputs of a window,
 * summed up beside what was served.
 */
public interface ReplayJobs {

    /**
     * Starts a replay of the served tasks of a task type in [from, to) on a policy, in the
     * background, checked as {@code POST /v1/replays} checks it.
     */
    UUID replayWindow(
            String taskType,
            String policy,
            Instant from,
            Instant to,
            BigDecimal spendCapUsd,
            String actor);

    /** Where a replay stands and what its tasks did so far; empty for an unknown id. */
    Optional<Summary> summary(UUID id);

    /**
     * A replay's progress and its side of the readout.
     *
     * @param status running, completed, cancelled, capped or failed
     * @param passRate of the replayed tasks; null before any finished
     * @param costPerSuccessUsd null without successes or with an unpriced call
     * @param agreement of the replayed answers with the served ones; null before any pair
     * @param reviewedAccuracy against the correct answers on record; null without any
     */
    record Summary(
            UUID id,
            String policy,
            String status,
            int candidates,
            int processed,
            int skippedErased,
            long tasks,
            long successes,
            Double passRate,
            BigDecimal costPerSuccessUsd,
            Double agreement,
            Double reviewedAccuracy) {

        public boolean running() {
            return "running".equals(status);
        }
    }
}
