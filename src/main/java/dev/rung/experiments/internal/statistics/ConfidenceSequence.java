package dev.rung.experiments.internal.statistics;

/**
 * Always-valid confidence bounds (the asymptotic confidence sequences of Waudby-Smith et al., in
 * the form gbstats' sequential test uses): they hold at every look, so checking the stop-loss every
 * period does not inflate false alarms the way repeated fixed-sample tests do.
 */
public final class ConfidenceSequence {

    /**
     * gbstats' default sequential tuning parameter: the sample size where the bound is tightest.
     */
    public static final double DEFAULT_TUNING = 5000;

    private ConfidenceSequence() {}

    static double rho(double alpha, double tuning) {
        return Math.sqrt((-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning);
    }

    /** Half-width for a statistic with per-unit variance {@code s2} after {@code n} units. */
    public static double halfWidth(double s2, long n, double alpha) {
        if (n <= 0 || s2 <= 0) {
            return n <= 0 ? Double.POSITIVE_INFINITY : 0;
        }
        double rho = rho(alpha, DEFAULT_TUNING);
        double r2 = rho * rho;
        return Math.sqrt(s2)
                * Math.sqrt(
                        2
                                * (n * r2 + 1)
                                / ((double) n * n * r2)
                                * Math.log(Math.sqrt(n * r2 + 1) / alpha));
    }

    /**
     * Upper always-valid bound of treatment − control (gbstats: s2 = variance of the difference ×
     * total n).
     */
    public static double differenceUpperBound(
            Statistic control, Statistic treatment, double alpha) {
        long n = control.n() + treatment.n();
        double variance = treatment.variance() / treatment.n() + control.variance() / control.n();
        return treatment.mean() - control.mean() + halfWidth(variance * n, n, alpha);
    }

    /** Lower always-valid bound of one arm's proportion {@code successes / n}. */
    public static double proportionLowerBound(long successes, long n, double alpha) {
        double p = n == 0 ? 0 : (double) successes / n;
        return p - halfWidth(p * (1 - p), n, alpha);
    }
}
