package dev.rung.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the answer text of one simulated call: the true answer for the input, then spoilt in the way the
 * drawn fault says. Allowed values are read from the request's response schema, as a real model would.
 */
final class SimulatedAnswer {

    private SimulatedAnswer() {
    }

    /** The true answer for a built-in task type, or a generic object for anything else. */
    static ObjectNode truth(String taskType, JsonNode input, JsonNode schema, SplittableRandom random) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        switch (taskType) {
            case "lead-classification" -> {
                LeadTruth.Verdict verdict = LeadTruth.judge(input);
                answer.put("label", LeadTruth.choose(verdict.label(), allowed(schema, "label")));
                answer.put("confidence", confidence(random));
                answer.put("reason", verdict.reason());
            }
            case "ticket-tagging" -> {
                TicketTruth.Verdict verdict = TicketTruth.judge(input, allowed(schema, "tags"));
                ArrayNode tags = answer.putArray("tags");
                verdict.tags().forEach(tags::add);
                answer.put("priority", verdict.priority());
                answer.put("confidence", confidence(random));
            }
            case "field-extraction" -> {
                answer.setAll(FormTruth.extract(input));
                answer.put("confidence", confidence(random));
            }
            default -> answer.put("confidence", confidence(random));
        }
        return answer;
    }

    /** The answer text after the fault; {@code null} stands for "no content" (a refusal). */
    static String spoil(ObjectNode truth, FaultRates.AnswerFault fault, JsonNode schema, SplittableRandom random) {
        ObjectNode answer = truth.deepCopy();
        String label = firstField(answer, "label", "tags", "seniority");
        switch (fault) {
            case NONE -> { }
            case WRONG -> replaceWithOther(answer, label, schema, random);
            case SCHEMA_INVALID -> {
                if (random.nextBoolean()) {
                    return "Sure! Here is the classification you asked for: " + answer;
                }
                answer.put("confidence", "high");
            }
            case MISSING_FIELDS -> {
                if (answer.has("reason")) answer.put("reason", "");
                else if (answer.has("tags")) answer.putArray("tags");
                else answer.putNull(label);
            }
            case LABEL_OUTSIDE -> {
                if (answer.has("tags")) answer.putArray("tags").add("urgent-escalation");
                else if (answer.has("country")) answer.put("country", "USA");
                else answer.put(label, "hot-lead");
            }
            case LOW_CONFIDENCE -> answer.put("confidence", 0.2 + random.nextDouble() * 0.3);
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

    private static void replaceWithOther(ObjectNode answer, String field, JsonNode schema, SplittableRandom random) {
        if (field == null) {
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

    static List<String> allowed(JsonNode schema, String field) {
        JsonNode property = schema.path("properties").path(field);
        JsonNode values = property.has("items") ? property.path("items").path("enum") : property.path("enum");
        List<String> allowed = new ArrayList<>();
        values.forEach(value -> {
            if (value.isString()) {
                allowed.add(value.asString());
            }
        });
        return allowed;
    }

    private static String firstField(ObjectNode answer, String... names) {
        for (String name : names) {
            if (answer.has(name)) {
                return name;
            }
        }
        return null;
    }

    private static double confidence(SplittableRandom random) {
        return Math.round((0.8 + random.nextDouble() * 0.18) * 100) / 100.0;
    }
}
