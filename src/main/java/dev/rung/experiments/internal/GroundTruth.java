package dev.rung.experiments.internal;

import dev.rung.task.Answers;

import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

import tools.jackson.databind.JsonNode;

/**
 * Whether an answer matches a reviewer's correct answer: every field the reviewer gave must match;
 * arrays (ticket tags) match in any order. Fields the reviewer left out are not judged.
 */
final class GroundTruth {

    private GroundTruth() {}

    static boolean matches(JsonNode result, JsonNode correct) {
        return Answers.matches(result, correct);
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
