package dev.rung.experiments.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An experiment row. */
record Experiment(
        UUID id,
        String name,
        String taskType,
        /* Control first, then the treatments in the order they were given. */
        List<ExperimentArm> arms,
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

    ExperimentArm control() {
        return arms.getFirst();
    }

    List<ExperimentArm> treatments() {
        return arms.subList(1, arms.size());
    }

    String controlPolicy() {
        return control().policy();
    }

    Optional<ExperimentArm> arm(String name) {
        return arms.stream().filter(arm -> arm.name().equals(name)).findFirst();
    }

    /** The policy of a named arm; null for an arm the experiment does not have. */
    String policyOf(String armName) {
        return arm(armName).map(ExperimentArm::policy).orElse(null);
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
