package dev.rung.task;

import java.util.Map;

/**
 * Where an answer's confidence comes from, with a threshold per tier below which the answer fails
 * with {@code low_confidence}: the answer's own number field, the probability the model gave the
 * tokens that spell one of its values (log-probabilities, where the provider returns them), the
 * lower of both, or nowhere.
 */
public sealed interface ConfidenceSource {

    /** Whether calls must ask the provider for log-probabilities. */
    default boolean wantsLogprobs() {
        return false;
    }

    /** How many alternatives per token to ask for ({@code top_logprobs}), 0 for none. */
    default int topLogprobs() {
        return 0;
    }

    /** The task type has no confidence: no answer fails for low confidence. */
    record None() implements ConfidenceSource {}

    /** A number field of the answer (0 to 1), as the model reports it. */
    record Field(String name, Map<Tier, Double> thresholds) implements ConfidenceSource {

        public double threshold(Tier tier) {
            return thresholds.get(tier);
        }
    }

    /**
     * The probability of the tokens that spell the answer's value at {@code of} (a label, an enum
     * value; for a list, its least probable item): what the model's sampling distribution says, not
     * what the model says about itself.
     */
    record TokenProbability(String of, int topLogprobs, Map<Tier, Double> thresholds)
            implements ConfidenceSource {

        @Override
        public boolean wantsLogprobs() {
            return true;
        }

        public double threshold(Tier tier) {
            return thresholds.get(tier);
        }
    }

    /** The lower of the answer's own field and the token probability of {@code of}. */
    record Lower(String field, String of, int topLogprobs, Map<Tier, Double> thresholds)
            implements ConfidenceSource {

        @Override
        public boolean wantsLogprobs() {
            return true;
        }

        public double threshold(Tier tier) {
            return thresholds.get(tier);
        }
    }
}
