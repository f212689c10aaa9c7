package dev.rung.task.internal;

import dev.rung.task.RuleViolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Output shape and rules of {@code ticket-tagging}: {tags (1–3), priority, confidence}. */
final class TicketTaggingSpec {

    static final int MIN_TAGS = 1;
    static final int MAX_TAGS = 3;
    static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    static final List<String> REQUIRED_VALUES = List.of("tags", "priority", "confidence");

    private TicketTaggingSpec() {
    }

    static ObjectNode schema(List<String> tags) {
        return StrictSchema.object()
                .property("tags", StrictSchema.arrayOf(StrictSchema.enumOf(tags, false), MIN_TAGS, MAX_TAGS))
                .property("priority", StrictSchema.enumOf(PRIORITIES, false))
                .property("confidence", StrictSchema.probability())
                .build();
    }

    static List<RuleViolation> rules(JsonNode answer, List<String> allowedTags) {
        List<RuleViolation> violations = new ArrayList<>(
                AnswerFields.oneOf(answer, "priority", PRIORITIES, "priority_allowed"));
        JsonNode tags = answer.get("tags");
        if (tags == null || !tags.isArray()) {
            return violations;
        }
        if (tags.size() < MIN_TAGS || tags.size() > MAX_TAGS) {
            violations.add(new RuleViolation("tag_count", "tags", tags.size() + " tags, allowed 1 to 3"));
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode tag : tags) {
            String value = tag.asString("");
            if (!allowedTags.contains(value)) {
                violations.add(new RuleViolation("tag_allowed", "tags", value));
            } else if (!seen.add(value)) {
                violations.add(new RuleViolation("tag_unique", "tags", value));
            }
        }
        return violations;
    }
}
