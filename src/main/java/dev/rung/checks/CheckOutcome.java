package dev.rung.checks;

import dev.rung.task.RuleViolation;
import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The verdict on one answer. Every failure carries its evidence for the attempt's {@code detail}.
 */
public sealed interface CheckOutcome {

    /** The stored outcome name, e.g. {@code schema_invalid}. */
    String code();

    /** Evidence for the ledger and the API; small, and free of the caller's input. */
    Map<String, Object> evidence();

    record Pass(JsonNode result) implements CheckOutcome {
        public String code() {
            return "pass";
        }

        public Map<String, Object> evidence() {
            return Map.of();
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

    record LowConfidence(double confidence, double threshold) implements CheckOutcome {
        public String code() {
            return "low_confidence";
        }

        public Map<String, Object> evidence() {
            return Map.of("confidence", confidence, "threshold", threshold);
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
