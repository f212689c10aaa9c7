package dev.rung.experiments.internal.statistics;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

import java.util.Arrays;

/**
 * Sample-ratio mismatch: a chi-square goodness-of-fit test of the subjects seen in every arm
 * against the configured shares (k − 1 degrees of freedom for k arms).
 */
public final class SampleRatio {

    public static final double FLAG_BELOW = 0.001;

    private SampleRatio() {}

    public static double pValue(long control, long treatment, double treatmentShare) {
        return pValue(
                new long[] {control, treatment}, new double[] {1 - treatmentShare, treatmentShare});
    }

    /**
     * @param observed subjects per arm
     * @param shares each arm's configured share, in the same order (they add up to 1)
     */
    public static double pValue(long[] observed, double[] shares) {
        long total = Arrays.stream(observed).sum();
        if (total == 0) {
            return 1;
        }
        double[] expected = Arrays.stream(shares).map(share -> share * total).toArray();
        return new ChiSquareTest().chiSquareTest(expected, observed);
    }
}
