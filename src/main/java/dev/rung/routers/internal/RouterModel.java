package dev.rung.routers.internal;

import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;

/**
 * A trained router: how to turn an input into features, the logistic model over them, and the
 * probability of a first-rung pass below which an input starts one rung higher. Stored as JSON with
 * its version; immutable once trained.
 *
 * @param buckets hashed feature buckets ({@link InputFeatures})
 * @param means the named features' training means (subtracted before use)
 * @param scales the named features' training standard deviations (divided by; 1 when constant)
 * @param coefficients intercept first, then one per feature (an array: every prediction reads it)
 * @param threshold start at the first rung when the predicted pass probability is at least this
 */
record RouterModel(
        int buckets,
        List<Double> means,
        List<Double> scales,
        double[] coefficients,
        double threshold) {

    /** The predicted probability that the first rung passes (and is right) for this input. */
    double passProbability(JsonNode input, boolean queued) {
        return LogisticRegression.probability(
                coefficients, row(InputFeatures.of(input, queued, buckets)));
    }

    /** 0 (the first rung) when the first rung is likely enough to pass; 1 otherwise. */
    int startRung(JsonNode input, boolean queued) {
        return passProbability(input, queued) >= threshold ? 0 : 1;
    }

    /** The model's row for raw features: the intercept's 1, then the standardised features. */
    double[] row(double[] features) {
        double[] row = new double[features.length + 1];
        row[0] = 1;
        for (int j = 0; j < features.length; j++) {
            row[j + 1] =
                    j < means.size() ? (features[j] - means.get(j)) / scales.get(j) : features[j];
        }
        return row;
    }

    /** Means and standard deviations of the named features over the training rows. */
    static RouterModel standardised(int buckets, List<double[]> rows, double threshold) {
        int named = InputFeatures.NAMED;
        Double[] means = new Double[named];
        Double[] scales = new Double[named];
        for (int j = 0; j < named; j++) {
            final int column = j;
            var stats = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
            rows.forEach(r -> stats.addValue(r[column]));
            means[j] = stats.getMean();
            double sd = stats.getStandardDeviation();
            scales[j] = sd > 1e-12 ? sd : 1.0;
        }
        return new RouterModel(
                buckets, Arrays.asList(means), Arrays.asList(scales), new double[0], threshold);
    }

    RouterModel withCoefficients(double[] beta) {
        return new RouterModel(buckets, means, scales, beta.clone(), threshold);
    }
}
