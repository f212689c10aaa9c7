package dev.rung.experiments.internal.statistics;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Treatment versus control as gbstats' frequentist two-sided t-test does it: absolute difference
 * with variance {@code var_t/n_t + var_c/n_c}, relative difference with the delta-method variance,
 * Welch–Satterthwaite degrees of freedom, Student-t intervals and p-values.
 */
public final class Comparison {

    private Comparison() {}

    /** An estimate with its interval and two-sided p-value. */
    public record Estimate(double estimate, double ciLow, double ciHigh, double pValue) {}

    public static Estimate absolute(Statistic control, Statistic treatment, double alpha) {
        double estimate = treatment.mean() - control.mean();
        double variance = treatment.variance() / treatment.n() + control.variance() / control.n();
        return interval(estimate, variance, welch(control, treatment), alpha);
    }

    public static Estimate relative(Statistic control, Statistic treatment, double alpha) {
        double c = control.mean();
        double t = treatment.mean();
        if (c == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double estimate = (t - c) / c;
        double variance =
                treatment.variance() / (c * c * treatment.n())
                        + control.variance() * t * t / (Math.pow(c, 4) * control.n());
        return interval(estimate, variance, welch(control, treatment), alpha);
    }

    static double welch(Statistic a, Statistic b) {
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double denominator = va * va / (a.n() - 1) + vb * vb / (b.n() - 1);
        return denominator == 0
                ? Math.max(1, a.n() + b.n() - 2)
                : (va + vb) * (va + vb) / denominator;
    }

    private static Estimate interval(double estimate, double variance, double dof, double alpha) {
        if (!(variance > 0) || !(dof > 0)) {
            return new Estimate(
                    estimate, estimate, estimate, variance == 0 && estimate != 0 ? 0 : 1);
        }
        TDistribution t = new TDistribution(dof);
        double se = Math.sqrt(variance);
        double halfWidth = t.inverseCumulativeProbability(1 - alpha / 2) * se;
        double pValue = 2 * (1 - t.cumulativeProbability(Math.abs(estimate / se)));
        return new Estimate(estimate, estimate - halfWidth, estimate + halfWidth, pValue);
    }
}
