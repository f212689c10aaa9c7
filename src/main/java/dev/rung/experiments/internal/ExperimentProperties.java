package dev.rung.experiments.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code rung.experiments}: defaults for new experiments' stop-loss, how often boundaries are
 * checked, the share of experiment tasks sampled for human review, and whether the simulator stands
 * in for the reviewers while Rung runs on it.
 */
@ConfigurationProperties("rung.experiments")
public record ExperimentProperties(
        @DefaultValue("15s") Duration boundaryCheckInterval,
        @DefaultValue("0.02") double reviewFraction,
        @DefaultValue StopLossDefaults stopLoss,
        @DefaultValue SimulatedReviews simulatedReviews) {

    /**
     * While tasks are answered by the simulator, its true answer is recorded as every simulated
     * task's ground truth (reviewer {@code simulator}), {@code interval} after it finished at the
     * latest, in batches of up to {@code batchSize}; up to {@code backlog} tasks wait, more are not
     * reviewed.
     */
    public record SimulatedReviews(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1s") Duration interval,
            @DefaultValue("500") int batchSize,
            @DefaultValue("100000") int backlog) {}

    public record StopLossDefaults(
            @DefaultValue("0.02") BigDecimal passRateMargin,
            @DefaultValue("2") int consecutivePeriods,
            @DefaultValue("0.30") BigDecimal escalationCeiling,
            @DefaultValue("200") int minSamplePerArm,
            @DefaultValue("1d") Duration period,
            @DefaultValue("0.05") BigDecimal alpha,
            @DefaultValue("0.03") BigDecimal accuracyMargin,
            @DefaultValue("50") int minReviewedPerArm) {}
}
