package dev.rung.checks;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * A model's answer as the checks see it, whichever provider gave it.
 *
 * @param text the answer as the model wrote it
 * @param parsed the answer's JSON, empty when it is not JSON
 * @param refusal the model's refusal text, when it refused
 * @param truncated the answer was cut off at the output token cap
 * @param outputTokens what the answer took, reasoning included (the evidence of a cut-off)
 * @param tokens the answer's tokens with their log-probabilities, when the provider returned them
 */
public record Candidate(
        String text,
        Optional<JsonNode> parsed,
        Optional<String> refusal,
        boolean truncated,
        long outputTokens,
        Optional<List<Token>> tokens) {

    /** One token of the answer and the natural logarithm of the probability it was given. */
    public record Token(String text, double logprob) {}

    /** An answer without log-probabilities. */
    public Candidate(
            Optional<JsonNode> parsed,
            Optional<String> refusal,
            boolean truncated,
            long outputTokens) {
        this(
                parsed.map(JsonNode::toString).orElse(""),
                parsed,
                refusal,
                truncated,
                outputTokens,
                Optional.empty());
    }
}
