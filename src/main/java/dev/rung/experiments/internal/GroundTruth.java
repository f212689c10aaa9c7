package dev.rung.experiments.internal;

import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

/**
 * Whether an answer matches a reviewer's correct answer: every field the reviewer gave must match;
 * arrays (ticket tags) match in any order. Fields the reviewer left out are not judged.
 */
final class GroundTruth {

    private GroundTruth() {}

    static boolean matches(JsonNode result, JsonNode correct) {
        if (result == null || result.isNull() || !correct.isObject()) {
            return false;
        }
        for (var field : correct.properties()) {
            JsonNode expected = field.getValue();
            JsonNode actual = result.get(field.getKey());
            if (actual == null) {
                return false;
            }
            if (expected.isArray() && actual.isArray()
                    ? !asSet(expected).equals(asSet(actual))
                    : !expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    private static Set<JsonNode> asSet(JsonNode array) {
        Set<JsonNode> values = new HashSet<>();
        array.forEach(values::add);
        return values;
    }

    /** Wilson score interval for a proportion: well-behaved at small samples and near 0 or 1. */
    static double[] wilson(long successes, long n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double z = 1.959963984540054;
        double p = (double) successes / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denominator;
        double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return new double[] {centre - spread, centre + spread};
    }
}
