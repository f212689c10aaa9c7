package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Answers that a strict schema lets through but a workflow's rules do not, made the way models make
 * them. For the shipped task types, the rule their definitions name: a lead's reason past 280
 * characters, a ticket tag given twice, a country in lower case, a fit tier that does not follow
 * from the score, a match on "none" that still names an account. For any other type: a list item
 * given twice, else a free-text field far longer than any sensible limit.
 */
final class RuleBreaker {

    private static final String RAMBLE =
            "The request mentions several points that could matter, and each of them is weighed in"
                + " turn before the answer is given, with the reasoning spelled out at length. ";

    private RuleBreaker() {}

    static void breakARule(String taskType, ObjectNode answer, JsonNode schema) {
        switch (taskType) {
            case "lead-classification" -> answer.put("reason", ramble(answer.path("reason")));
            case "ticket-tagging" -> repeatFirst(answer.withArray("tags"));
            case "field-extraction" -> {
                String country = answer.path("country").asString("de");
                answer.put("country", country.toLowerCase(java.util.Locale.ROOT));
            }
            case "account-fit-ranking" ->
                    answer.put("fitTier", answer.path("score").asInt(0) >= 75 ? "D" : "A");
            case "lead-to-account-matching" -> {
                if (answer.path("accountId").isNull()) {
                    answer.put("matchedOn", "domain");
                } else {
                    answer.put("matchedOn", "none");
                }
            }
            default -> anyType(answer, schema);
        }
    }

    private static void anyType(ObjectNode answer, JsonNode schema) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode value = answer.get(property.getKey());
            if (value != null && value.isArray() && !value.isEmpty()) {
                repeatFirst((ArrayNode) value);
                return;
            }
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode value = answer.get(property.getKey());
            if (value != null && value.isString() && !property.getValue().has("enum")) {
                answer.put(property.getKey(), ramble(value));
                return;
            }
        }
    }

    private static void repeatFirst(ArrayNode items) {
        if (!items.isEmpty()) {
            items.add(items.get(0).deepCopy());
        }
    }

    private static String ramble(JsonNode text) {
        return text.asString("") + " " + RAMBLE.repeat(3);
    }
}
