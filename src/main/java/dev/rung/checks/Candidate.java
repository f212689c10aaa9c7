package dev.rung.checks;

import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A model's answer as the checks see it, whichever provider gave it.
 *
 * @param parsed the answer's JSON, empty when it is not JSON
 * @param refusal the model's refusal text, when it refused
 * @param truncated the answer was cut off at the output token cap
 * @param outputTokens what the answer took, reasoning included (the evidence of a cut-off)
 */
public record Candidate(
        Optional<JsonNode> parsed,
        Optional<String> refusal,
        boolean truncated,
        long outputTokens) {}
