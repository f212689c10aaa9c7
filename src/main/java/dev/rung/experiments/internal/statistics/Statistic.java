package dev.rung.experiments.internal.statistics;

/**
 * A per-unit statistic of one arm, in the shape GrowthBook's gbstats uses: {@code n} units
 * (subjects, or tasks for latency), a mean, and the per-unit variance (so the variance of the mean
 * is {@code variance / n}).
 */
public sealed interface Statistic
        permits Statistic.SampleMean, Statistic.Ratio, Statistic.Quantile {

    long n();

    double mean();

    double variance();

    /** Mean of a per-unit value from its sum and sum of squares (gbstats SampleMeanStatistic). */
    record SampleMean(long n, double sum, double sumOfSquares) implements Statistic {
        public double mean() {
            return n == 0 ? 0 : sum / n;
        }

        public double variance() {
            return n <= 1 ? 0 : (sumOfSquares - sum * sum / n) / (n - 1);
        }
    }

    /**
     * A ratio of two per-unit sums, e.g. cost per success or passes per task, with the delta-method
     * variance (gbstats RatioStatistic): the randomisation unit stays the subject even when a
     * subject has many tasks.
     */
    record Ratio(SampleMean numerator, SampleMean denominator, double sumOfProducts)
            implements Statistic {
        public long n() {
            return numerator.n();
        }

        public double mean() {
            return denominator.mean() == 0 ? 0 : numerator.mean() / denominator.mean();
        }

        public double variance() {
            long n = n();
            if (n <= 1 || denominator.mean() == 0) {
                return 0;
            }
            double covariance = (sumOfProducts - numerator.sum() * denominator.sum() / n) / (n - 1);
            double m = numerator.mean();
            double d = denominator.mean();
            return numerator.variance() / (d * d)
                    + denominator.variance() * m * m / Math.pow(d, 4)
                    - 2 * covariance * m / Math.pow(d, 3);
        }
    }

    /**
     * A quantile with the variance implied by its order-statistic confidence interval (Deng et al.,
     * as in gbstats QuantileStatistic): {@code n × ((upper − lower) / (2 z))²}.
     */
    record Quantile(long n, double estimate, double lower, double upper) implements Statistic {
        static final double Z_95 = 1.959963984540054;

        public double mean() {
            return estimate;
        }

        public double variance() {
            double halfWidth = (upper - lower) / (2 * Z_95);
            return n * halfWidth * halfWidth;
        }

        /**
         * The ranks (as fractions of n) whose order statistics bound the quantile {@code nu} at
         * 95%.
         */
        public static double[] boundFractions(long n, double nu) {
            double spread = Z_95 * Math.sqrt(nu * (1 - nu) / Math.max(1, n));
            return new double[] {Math.max(0, nu - spread), Math.min(1, nu + spread)};
        }
    }
}
