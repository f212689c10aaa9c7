package dev.rung.checks;

import dev.rung.task.RuleViolation;
import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The verdict on one answer. Every failure carries its evidence for the attempt's {@code detail}.
 */
public sealed interface CheckOutcome {

    /** The stored outcome name, e.g. {@code schema_invalid}. */
    String code();

    /** Evidence for the ledger and the API; small, and free of the caller's input. */
    Map<String, Object> evidence();

    /** Passed every check; {@code confidence} is the one the confidence check judged, if any. */
    record Pass(JsonNode result, OptionalDouble confidence) implements CheckOutcome {

        public Pass(JsonNode result) {
            this(result, OptionalDouble.empty());
        }

        public String code() {
            return "pass";
        }

        public Map<String, Object> evidence() {
            return confidence.isPresent()
                    ? Map.of("confidence", confidence.getAsDouble())
                    : Map.of();
        }
    }

    /**
     * Unparsable JSON or a violation of the output schema, each with its JSON Pointer in the
     * answer.
     */
    record SchemaInvalid(List<Violation> errors) implements CheckOutcome {
        public String code() {
            return "schema_invalid";
        }

        public Map<String, Object> evidence() {
            return Map.of("errors", errors);
        }
    }

    /** Required values null or empty. */
    record MissingFields(List<String> fields) implements CheckOutcome {
        public String code() {
            return "missing_fields";
        }

        public Map<String, Object> evidence() {
            return Map.of("fields", fields);
        }
    }

    /** Named rules of the task type broken: which rule, where, which value, what it expected. */
    record RuleFailed(List<RuleViolation> violations) implements CheckOutcome {
        public String code() {
            return "rule_failed";
        }

        public Map<String, Object> evidence() {
            return Map.of("violations", violations);
        }
    }

    /**
     * Below the tier's threshold. {@code source} says which confidence: {@code field} (the answer's
     * own), {@code logprobs} (its tokens' probability) or {@code lower} (of both); {@code
     * confidence} is null when log-probabilities were wanted and the provider returned none, which
     * cannot be taken as confident.
     */
    record LowConfidence(Double confidence, double threshold, String source)
            implements CheckOutcome {

        public LowConfidence(double confidence, double threshold) {
            this(confidence, threshold, "field");
        }

        public String code() {
            return "low_confidence";
        }

        public Map<String, Object> evidence() {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("confidence", confidence);
            evidence.put("threshold", threshold);
            evidence.put("source", source);
            if (confidence == null) {
                evidence.put("note", "the provider returned no log-probabilities");
            }
            return evidence;
        }
    }

    record Refusal(String message) implements CheckOutcome {
        public String code() {
            return "refusal";
        }

        public Map<String, Object> evidence() {
            return Map.of("refusal", message);
        }
    }

    /**
     * The verifier did not accept a draft the machine checks passed: the judge model said {@code
     * reject} (or gave no verdict), or a second sample disagreed. {@code by} is the judge's model
     * or {@code self-consistency}.
     */
    record VerifierRejected(String by, String reason, Map<String, Object> details)
            implements CheckOutcome {
        public String code() {
            return "verifier_rejected";
        }

        public Map<String, Object> evidence() {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("verifier", by);
            evidence.put("reason", reason);
            evidence.putAll(details);
            return evidence;
        }
    }

    /**
     * A citation names a passage the model was not given (made up, or from another version of the
     * document): {@code citations} lists each with its pointer in the answer.
     */
    record CitationUnknown(List<CitationProblem> citations) implements CheckOutcome {
        public String code() {
            return "citation_unknown";
        }

        public Map<String, Object> evidence() {
            return Map.of("citations", citations);
        }
    }

    /**
     * A citation's quote is not in its passage, even with case and whitespace set aside: a misquote
     * (a changed price, say) or a paraphrase.
     */
    record QuoteMismatch(List<CitationProblem> citations) implements CheckOutcome {
        public String code() {
            return "quote_mismatch";
        }

        public Map<String, Object> evidence() {
            return Map.of("citations", citations);
        }
    }

    /** Claim fields the task type marks as needing a source hold a value no citation supports. */
    record CitationMissing(List<String> claims) implements CheckOutcome {
        public String code() {
            return "citation_missing";
        }

        public Map<String, Object> evidence() {
            return Map.of("claims", claims);
        }
    }

    /**
     * One citation that failed: where it is in the answer, the passage it names and the start of
     * its quote (a document's words, not the caller's input).
     */
    record CitationProblem(String pointer, String passage, String quote) {}

    /** {@code finish_reason: length}: the answer was cut off at the output token cap. */
    record Truncated(long outputTokens, int maxOutputTokens) implements CheckOutcome {
        public String code() {
            return "truncated";
        }

        public Map<String, Object> evidence() {
            return Map.of("outputTokens", outputTokens, "maxOutputTokens", maxOutputTokens);
        }
    }
}
