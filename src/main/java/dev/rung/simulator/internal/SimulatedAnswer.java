package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the answer text of one simulated call: the true answer for the input, then spoilt in the
 * way the drawn fault says. Allowed values and field shapes are read from the request's response
 * schema, as a real model would. The "label" a fault changes is the answer's first field with an
 * allowed set of values.
 */
final class SimulatedAnswer {

    private SimulatedAnswer() {}

    /**
     * The true answer: from the simulator's own rules for the task types it knows, else drawn from
     * the schema with {@code truth} (seeded by the input alone, so every model agrees). Confidence
     * comes from {@code random}.
     */
    static ObjectNode truth(
            String taskType,
            JsonNode input,
            JsonNode schema,
            SplittableRandom truth,
            SplittableRandom random) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        switch (taskType) {
            case "lead-classification" -> {
                LeadTruth.Verdict verdict = LeadTruth.judge(input);
                answer.put("label", LeadTruth.choose(verdict.label(), allowed(schema, "label")));
                answer.put("confidence", SchemaTruth.confident(random));
                answer.put("reason", verdict.reason());
            }
            case "ticket-tagging" -> {
                TicketTruth.Verdict verdict = TicketTruth.judge(input, allowed(schema, "tags"));
                ArrayNode tags = answer.putArray("tags");
                verdict.tags().forEach(tags::add);
                answer.put("priority", verdict.priority());
                answer.put("confidence", SchemaTruth.confident(random));
            }
            case "field-extraction" -> {
                answer.setAll(FormTruth.extract(input));
                answer.put("confidence", SchemaTruth.confident(random));
            }
            case "account-fit-ranking" -> {
                AccountFitTruth.Verdict verdict = AccountFitTruth.judge(input);
                answer.put("score", verdict.score());
                answer.put("fitTier", verdict.tier());
                ArrayNode reasons = answer.putArray("reasons");
                verdict.reasons().forEach(reasons::add);
                answer.put("confidence", SchemaTruth.confident(random));
            }
            case "lead-to-account-matching" -> {
                AccountMatchTruth.Verdict verdict = AccountMatchTruth.judge(input);
                answer.put("accountId", verdict.accountId());
                answer.put("matchedOn", verdict.matchedOn());
                answer.put("confidence", SchemaTruth.confident(random));
                answer.put("reason", verdict.reason());
            }
            default -> {
                answer.setAll(SchemaTruth.answer(schema, input, truth));
                probabilityFields(schema)
                        .forEach(field -> answer.put(field, SchemaTruth.confident(random)));
            }
        }
        return answer;
    }

    /**
     * The answer text after the fault; {@code null} stands for "no content" (a refusal). A right
     * answer's confidence and a wrong one's come from the curve's ranges.
     */
    static String spoil(
            ObjectNode truth,
            FaultRates.AnswerFault fault,
            JsonNode schema,
            String taskType,
            ConfidenceCurve confidence,
            SplittableRandom random) {
        ObjectNode answer = truth.deepCopy();
        String label = labelField(schema);
        boolean right = fault != FaultRates.AnswerFault.WRONG;
        probabilityFields(schema)
                .forEach(field -> answer.put(field, confidence.draw(right, random)));
        switch (fault) {
            case NONE -> {}
            case WRONG -> replaceWithOther(answer, label, schema, random);
            case RULE_VIOLATION -> RuleBreaker.breakARule(taskType, answer, schema);
            // Spoilt as the citations are written (SimulatedCitations).
            case CITATION_UNKNOWN, MISQUOTE, CITATION_MISSING -> {}
            case SCHEMA_INVALID -> {
                if (random.nextBoolean()) {
                    return "Sure! Here is the classification you asked for: " + answer;
                }
                answer.put("confidence", "high");
            }
            case MISSING_FIELDS -> leaveOut(answer, schema, label);
            case LABEL_OUTSIDE -> {
                if (answer.has("tags")) answer.putArray("tags").add("urgent-escalation");
                else if (answer.has("country")) answer.put("country", "USA");
                else if (label != null) answer.put(label, "hot-lead");
            }
            case LOW_CONFIDENCE ->
                    probabilityFields(schema)
                            .forEach(field -> answer.put(field, 0.2 + random.nextDouble() * 0.3));
            case REFUSAL -> {
                return null;
            }
            case TRUNCATION -> {
                String text = answer.toString();
                return text.substring(0, Math.max(1, text.length() / 2));
            }
        }
        return answer.toString();
    }

    /** Empties the first text or list the schema does not let be null, else nulls the label. */
    private static void leaveOut(ObjectNode answer, JsonNode schema, String label) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode field = property.getValue();
            if (SchemaTruth.nullable(field)
                    || field.has("enum")
                    || !answer.has(property.getKey())) {
                continue;
            }
            switch (SchemaTruth.firstType(field)) {
                case "string" -> {
                    answer.put(property.getKey(), "");
                    return;
                }
                case "array" -> {
                    answer.putArray(property.getKey());
                    return;
                }
                default -> {}
            }
        }
        if (label != null) {
            answer.putNull(label);
        }
    }

    private static void replaceWithOther(
            ObjectNode answer, String field, JsonNode schema, SplittableRandom random) {
        if (field == null) {
            changeAValue(answer, schema);
            return;
        }
        List<String> options = new ArrayList<>(allowed(schema, field));
        JsonNode current = answer.get(field);
        if (current != null && current.isArray()) {
            current.forEach(tag -> options.remove(tag.asString("")));
            if (!options.isEmpty()) {
                answer.putArray(field).add(options.get(random.nextInt(options.size())));
            }
            return;
        }
        options.remove(current == null ? null : current.asString(""));
        if (!options.isEmpty()) {
            answer.put(field, options.get(random.nextInt(options.size())));
        }
    }

    /**
     * A wrong answer for a type without an allowed set: the first value that is not a confidence is
     * changed (a boolean flipped, a number moved, a text replaced).
     */
    private static void changeAValue(ObjectNode answer, JsonNode schema) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode value = answer.get(property.getKey());
            if (value == null || SchemaTruth.isProbability(property.getValue())) {
                continue;
            }
            if (value.isBoolean()) {
                answer.put(property.getKey(), !value.asBoolean());
                return;
            }
            if (value.isIntegralNumber()) {
                answer.put(property.getKey(), value.asLong() + 7);
                return;
            }
            if (value.isString()) {
                answer.put(property.getKey(), value.asString() + " (a different reading)");
                return;
            }
        }
    }

    /** The first top-level field whose values (or items) come from an allowed set. */
    private static String labelField(JsonNode schema) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            if (!allowed(schema, property.getKey()).isEmpty()) {
                return property.getKey();
            }
        }
        return null;
    }

    private static List<String> probabilityFields(JsonNode schema) {
        return schema.path("properties").properties().stream()
                .filter(property -> SchemaTruth.isProbability(property.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    static List<String> allowed(JsonNode schema, String field) {
        JsonNode property = schema.path("properties").path(field);
        JsonNode values =
                property.has("items") ? property.path("items").path("enum") : property.path("enum");
        List<String> allowed = new ArrayList<>();
        values.forEach(
                value -> {
                    if (value.isString()) {
                        allowed.add(value.asString());
                    }
                });
        return allowed;
    }
}
