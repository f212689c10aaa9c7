package dev.rung.experiments.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** An experiment row. */
record Experiment(
        UUID id,
        String name,
        String taskType,
        String controlPolicy,
        String treatmentPolicy,
        BigDecimal treatmentShare,
        String seed,
        ExperimentStatus status,
        String promptVersion,
        String promptSha256,
        Integer taskTypeVersion,
        String timeZone,
        StopLossSettings stopLoss,
        long lastEvaluatedPeriod,
        Instant createdAt,
        Instant startedAt,
        Instant stoppedAt) {

    /**
     * What an experiment pins when it starts: the prompt both arms are asked with, and the task
     * type's version.
     */
    record Pin(String promptVersion, String promptSha256, int taskTypeVersion) {}

    /**
     * Whether tasks of this version may join. An experiment started before task types had versions
     * pinned only its prompt, and is held to that.
     */
    boolean admits(int version, String promptSha256) {
        return taskTypeVersion != null
                ? taskTypeVersion == version
                : promptSha256.equals(this.promptSha256);
    }

    String policyOf(Arm arm) {
        return switch (arm) {
            case CONTROL -> controlPolicy;
            case TREATMENT -> treatmentPolicy;
        };
    }

    /**
     * @param passRateMargin how much worse (absolute, e.g. 0.02 = 2 points) the treatment's pass
     *     rate may be
     * @param consecutivePeriods how many period boundaries in a row the pass-rate rule must hold
     *     before pausing
     * @param escalationCeiling the treatment's highest acceptable escalation rate
     * @param minSamplePerArm tasks each arm needs before either rule may fire
     * @param period how often the stop-loss is evaluated (one day by default)
     * @param alpha error rate of the always-valid bounds
     */
    record StopLossSettings(
            BigDecimal passRateMargin,
            int consecutivePeriods,
            BigDecimal escalationCeiling,
            int minSamplePerArm,
            Duration period,
            BigDecimal alpha,
            /* Null: the reviewed-accuracy rule is off (experiments created before it). */
            BigDecimal accuracyMargin,
            int minReviewedPerArm) {}
}
