package dev.rung.experiments.internal.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The verdict per metric, and the sample a decision needs, against the textbook two-sample formula
 * n = 2σ²(z(1−α/2) + z(1−β))² / δ² per arm (e.g. Chow, Shao and Wang, Sample Size Calculations in
 * Clinical Research, §3.2).
 */
class VerdictTest {

    @Test
    void anIntervalThatExcludesNoDifferenceDecidesByTheMetricsDirection() {
        var higher = new Comparison.Estimate(0.03, 0.01, 0.05, 0.003);
        var lower = new Comparison.Estimate(-0.03, -0.05, -0.01, 0.003);
        var unclear = new Comparison.Estimate(0.01, -0.01, 0.03, 0.3);

        assertThat(Verdict.of(higher, true)).isEqualTo(Verdict.BETTER);
        assertThat(Verdict.of(higher, false)).isEqualTo(Verdict.WORSE);
        assertThat(Verdict.of(lower, true)).isEqualTo(Verdict.WORSE);
        assertThat(Verdict.of(lower, false)).isEqualTo(Verdict.BETTER);
        assertThat(Verdict.of(unclear, true)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.additionalSubjectsPerArm(higher, 500)).isEmpty();
    }

    @Test
    void theSubjectsADecisionNeedsFollowTheTextbookFormula() {
        // σ = 1 per subject, 100 subjects per arm: the difference's standard error is √(2/100).
        double sigma = 1;
        long perArm = 100;
        double se = Math.sqrt(2 * sigma * sigma / perArm);
        double effect = 0.2;
        var seen =
                new Comparison.Estimate(
                        effect, effect - Verdict.Z_95 * se, effect + Verdict.Z_95 * se, 0.16);

        double textbook =
                2
                        * sigma
                        * sigma
                        * Math.pow(1.959963984540054 + 0.8416212335729143, 2)
                        / (effect * effect);
        assertThat(textbook).isBetween(392.0, 393.0);
        assertThat(Verdict.of(seen, true)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.additionalSubjectsPerArm(seen, perArm))
                .hasValue((long) Math.ceil(textbook) - perArm);
    }

    @Test
    void noEffectNeedsNoEstimate() {
        var none = new Comparison.Estimate(0, -0.02, 0.02, 1);
        assertThat(Verdict.additionalSubjectsPerArm(none, 100)).isEmpty();
    }
}
