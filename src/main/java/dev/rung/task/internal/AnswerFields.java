package dev.rung.task.internal;

import dev.rung.task.RuleViolation;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Small, type-tolerant readers for answers that may not match the schema yet. */
final class AnswerFields {

    private AnswerFields() {
    }

    static Optional<String> text(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    /** A violation when the field holds a string outside the allowed set; other shapes are the schema's concern. */
    static List<RuleViolation> oneOf(JsonNode answer, String field, Collection<String> allowed, String rule) {
        return text(answer, field)
                .filter(value -> !allowed.contains(value))
                .map(value -> List.of(new RuleViolation(rule, field, value)))
                .orElse(List.of());
    }
}
