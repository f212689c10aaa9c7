package dev.rung.task.internal;

import dev.rung.task.RuleViolation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Output shape and rules of {@code lead-classification}: {label, confidence, reason}. */
final class LeadClassificationSpec {

    static final int MAX_REASON_LENGTH = 280;
    static final List<String> REQUIRED_VALUES = List.of("label", "confidence", "reason");

    private LeadClassificationSpec() {
    }

    static ObjectNode schema(List<String> labels) {
        return StrictSchema.object()
                .property("label", StrictSchema.enumOf(labels, false))
                .property("confidence", StrictSchema.probability())
                .property("reason", StrictSchema.string(false))
                .build();
    }

    static List<RuleViolation> rules(JsonNode answer, List<String> labels) {
        List<RuleViolation> violations = new ArrayList<>(AnswerFields.oneOf(answer, "label", labels, "label_allowed"));
        AnswerFields.text(answer, "reason")
                .filter(reason -> reason.length() > MAX_REASON_LENGTH)
                .ifPresent(reason -> violations.add(new RuleViolation(
                        "reason_length", "reason", reason.length() + " characters, at most " + MAX_REASON_LENGTH)));
        return violations;
    }
}
