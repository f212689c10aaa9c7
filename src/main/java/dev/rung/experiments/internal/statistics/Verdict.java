package dev.rung.experiments.internal.statistics;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a treatment-minus-control interval says for a decision, as results pages put it: better,
 * worse, or inconclusive; and, when inconclusive, how many more subjects per arm a decision would
 * take at the effect seen so far (a fixed-horizon estimate, 95% confidence and 80% power: the
 * interval's standard error shrinks with the square root of the sample, and must reach the effect
 * divided by z(0.975) + z(0.8)).
 */
public enum Verdict {
    BETTER,
    WORSE,
    INCONCLUSIVE;

    /** z(0.80). */
    static final double Z_POWER_80 = 0.8416212335729143;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    static final double Z_95 = 1.959963984540054;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdict on an absolute difference (treatment − control) and its 95% interval. */
    public static Verdict of(Comparison.Estimate difference, boolean higherIsBetter) {
        if (!Double.isFinite(difference.ciLow()) || !Double.isFinite(difference.ciHigh())) {
            return INCONCLUSIVE;
        }
        if (difference.ciLow() > 0) {
            return higherIsBetter ? BETTER : WORSE;
        }
        if (difference.ciHigh() < 0) {
            return higherIsBetter ? WORSE : BETTER;
        }
        return INCONCLUSIVE;
    }

    /**
     * More subjects per arm an inconclusive difference needs before its interval would exclude zero
     * at the current effect; empty for a decided one, or when there is no effect to find.
     */
    public static OptionalLong additionalSubjectsPerArm(
            Comparison.Estimate difference, long subjectsPerArm) {
        return additionalSubjectsPerArm(difference, subjectsPerArm, 0.05);
    }

    /**
     * The same for an interval at confidence 1 − alpha (a comparison corrected for several): the
     * decision is then taken at that level too.
     */
    public static OptionalLong additionalSubjectsPerArm(
            Comparison.Estimate difference, long subjectsPerArm, double alpha) {
        double z =
                alpha == 0.05 ? Z_95 : STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double effect = Math.abs(difference.estimate());
        double standardError = (difference.ciHigh() - difference.ciLow()) / (2 * z);
        if (!Double.isFinite(effect)
                || !Double.isFinite(standardError)
                || effect == 0
                || subjectsPerArm <= 0
                || difference.ciLow() > 0
                || difference.ciHigh() < 0) {
            return OptionalLong.empty();
        }
        double wanted = effect / (z + Z_POWER_80);
        double factor = Math.pow(standardError / wanted, 2);
        long needed = (long) Math.ceil(subjectsPerArm * factor);
        return OptionalLong.of(Math.max(0, needed - subjectsPerArm));
    }
}
