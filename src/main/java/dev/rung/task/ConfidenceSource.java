package dev.rung.task;

import java.util.Map;

/**
 * Where an answer's confidence comes from: a number field of the answer with a threshold per tier,
 * or nowhere.
 */
public sealed interface ConfidenceSource {

    /** The task type has no confidence: no answer fails for low confidence. */
    record None() implements ConfidenceSource {}

    /**
     * An answer field (0 to 1); below the tier's threshold the answer fails with {@code
     * low_confidence}.
     */
    record Field(String name, Map<Tier, Double> thresholds) implements ConfidenceSource {

        public double threshold(Tier tier) {
            return thresholds.get(tier);
        }
    }
}
