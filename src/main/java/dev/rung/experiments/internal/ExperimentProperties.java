package dev.rung.experiments.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code rung.experiments}: defaults for new experiments' stop-loss, how often boundaries are
 * checked, and the share of experiment tasks sampled for human review.
 */
@ConfigurationProperties("rung.experiments")
public record ExperimentProperties(
        @DefaultValue("15s") Duration boundaryCheckInterval,
        @DefaultValue("0.02") double reviewFraction,
        @DefaultValue StopLossDefaults stopLoss) {

    public record StopLossDefaults(
            @DefaultValue("0.02") BigDecimal passRateMargin,
            @DefaultValue("2") int consecutivePeriods,
            @DefaultValue("0.30") BigDecimal escalationCeiling,
            @DefaultValue("200") int minSamplePerArm,
            @DefaultValue("1d") Duration period,
            @DefaultValue("0.05") BigDecimal alpha) {}
}
