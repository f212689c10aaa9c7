package dev.rung.experiments.internal;

import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

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

    /**
     * Wilson score interval (95%) for a proportion: well-behaved at small samples and near 0 or 1.
     */
    static double[] wilson(long successes, long n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        var interval = new WilsonScoreInterval().createInterval((int) n, (int) successes, 0.95);
        return new double[] {interval.getLowerBound(), interval.getUpperBound()};
    }
}
