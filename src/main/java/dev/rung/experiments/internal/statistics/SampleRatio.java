package dev.rung.experiments.internal.statistics;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Sample-ratio mismatch: a chi-square goodness-of-fit test of the observed split against the
 * configured one.
 */
public final class SampleRatio {

    public static final double FLAG_BELOW = 0.001;

    private SampleRatio() {}

    public static double pValue(long control, long treatment, double treatmentShare) {
        long total = control + treatment;
        if (total == 0) {
            return 1;
        }
        double expectedTreatment = total * treatmentShare;
        double expectedControl = total - expectedTreatment;
        double statistic =
                Math.pow(control - expectedControl, 2) / expectedControl
                        + Math.pow(treatment - expectedTreatment, 2) / expectedTreatment;
        return 1 - new ChiSquaredDistribution(1).cumulativeProbability(statistic);
    }
}
