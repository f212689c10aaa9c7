package dev.rung.experiments.internal.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Pins the readout's statistics to numbers computed independently with numpy and scipy ({@code
 * src/test/resources/statistics/reference.py}, output in {@code reference.txt}).
 */
class ExperimentStatisticsTest {

    static final double ALPHA = 0.05;
    static Map<String, double[]> reference = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        String text =
                new ClassPathResource("statistics/reference.txt")
                        .getContentAsString(StandardCharsets.UTF_8);
        for (String line : text.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            reference.put(
                    parts[0],
                    Arrays.stream(parts, 1, parts.length)
                            .mapToDouble(Double::parseDouble)
                            .toArray());
        }
    }

    @Test
    void passRateDifferenceMatchesTheReference() {
        Statistic control = ratio("control_successes", "control_tasks");
        Statistic treatment = ratio("treatment_successes", "treatment_tasks");

        assertMatches(Comparison.absolute(control, treatment, ALPHA), "pass_rate_absolute");
        assertMatches(Comparison.relative(control, treatment, ALPHA), "pass_rate_relative");
    }

    @Test
    void costPerSuccessByTheDeltaMethodMatchesTheReference() {
        Statistic control = ratio("control_cost", "control_successes");
        Statistic treatment = ratio("treatment_cost", "treatment_successes");

        assertMatches(Comparison.absolute(control, treatment, ALPHA), "cost_per_success_absolute");
        assertMatches(Comparison.relative(control, treatment, ALPHA), "cost_per_success_relative");
    }

    @Test
    void oneTaskPerSubjectIsWelchsTTest() {
        Statistic a = mean(reference.get("welch_a"));
        Statistic b = mean(reference.get("welch_b"));

        var estimate = Comparison.absolute(a, b, ALPHA);

        assertThat(estimate.estimate()).isCloseTo(reference.get("welch_scipy")[0], within(1e-12));
        assertThat(estimate.pValue()).isCloseTo(reference.get("welch_scipy")[1], within(1e-9));
    }

    @Test
    void sampleRatioMismatchMatchesScipysChiSquare() {
        assertThat(SampleRatio.pValue(5210, 4790, 0.5))
                .isCloseTo(reference.get("srm")[0], within(1e-10));
        assertThat(SampleRatio.pValue(5010, 4990, 0.5)).isGreaterThan(SampleRatio.FLAG_BELOW);
    }

    @Test
    void sampleRatioOverThreeArmsHasTwoDegreesOfFreedom() {
        // scipy.stats.chisquare([520, 250, 230], [500, 250, 250]): statistic 0.8 + 0 + 1.6 = 2.4;
        // with 2 degrees of freedom the tail is exp(-2.4 / 2) exactly.
        assertThat(SampleRatio.pValue(new long[] {520, 250, 230}, new double[] {0.5, 0.25, 0.25}))
                .isCloseTo(Math.exp(-1.2), within(1e-12));
    }

    @Test
    void aBonferroniCorrectedIntervalIsWiderByTheRatioOfItsQuantiles() {
        Statistic a = mean(reference.get("welch_a"));
        Statistic b = mean(reference.get("welch_b"));
        var plain = Comparison.absolute(a, b, ALPHA);
        var corrected = Comparison.absolute(a, b, ALPHA / 2);
        var dof = new org.apache.commons.math3.distribution.TDistribution(Comparison.welch(a, b));

        assertThat((corrected.ciHigh() - corrected.ciLow()) / (plain.ciHigh() - plain.ciLow()))
                .isCloseTo(
                        dof.inverseCumulativeProbability(1 - ALPHA / 4)
                                / dof.inverseCumulativeProbability(1 - ALPHA / 2),
                        within(1e-9));
        assertThat(corrected.estimate()).isEqualTo(plain.estimate());
    }

    @Test
    void alwaysValidHalfWidthMatchesGbstatsFormula() {
        assertThat(ConfidenceSequence.halfWidth(0.25, 2000, 0.05))
                .isCloseTo(reference.get("sequential_halfwidth")[0], within(1e-12));
        // Always valid costs width: wider than the fixed-sample 95% interval at the same n.
        assertThat(ConfidenceSequence.halfWidth(0.25, 2000, 0.05))
                .isGreaterThan(1.96 * Math.sqrt(0.25 / 2000));
    }

    @Test
    void quantileVarianceComesFromItsOrderStatisticInterval() {
        var p95 = new Statistic.Quantile(10_000, 800, 780, 822);
        assertThat(p95.variance() / p95.n())
                .isCloseTo(Math.pow(42 / (2 * 1.959963984540054), 2), within(1e-9));
        double[] bounds = Statistic.Quantile.boundFractions(10_000, 0.95);
        assertThat(bounds[0])
                .isCloseTo(
                        0.95 - 1.959963984540054 * Math.sqrt(0.95 * 0.05 / 10_000), within(1e-12));
    }

    private static void assertMatches(Comparison.Estimate estimate, String name) {
        double[] expected = reference.get(name);
        assertThat(estimate.estimate())
                .as(name + " estimate")
                .isCloseTo(expected[0], within(1e-12));
        assertThat(estimate.ciLow()).as(name + " low").isCloseTo(expected[1], within(1e-9));
        assertThat(estimate.ciHigh()).as(name + " high").isCloseTo(expected[2], within(1e-9));
        assertThat(estimate.pValue()).as(name + " p").isCloseTo(expected[3], within(1e-9));
    }

    private static Statistic.Ratio ratio(String numerator, String denominator) {
        double[] m = reference.get(numerator);
        double[] d = reference.get(denominator);
        double products = 0;
        for (int i = 0; i < m.length; i++) {
            products += m[i] * d[i];
        }
        return new Statistic.Ratio(mean(m), mean(d), products);
    }

    private static Statistic.SampleMean mean(double[] values) {
        return new Statistic.SampleMean(
                values.length,
                Arrays.stream(values).sum(),
                Arrays.stream(values).map(v -> v * v).sum());
    }
}
