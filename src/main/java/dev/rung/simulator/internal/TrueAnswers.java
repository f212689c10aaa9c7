package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulator's true answer for an input: what its models are judged against, and what it tells
 * Rung's stand-in reviewer. Seeded by the input in canonical form (keys sorted), so the same input
 * has the same truth however its keys were ordered and whether its null fields were kept.
 */
final class TrueAnswers {

    private TrueAnswers() {}

    /** The true answer with a confidence drawn from {@code random}, as a model would write it. */
    static ObjectNode of(
            long seed, String taskType, JsonNode input, JsonNode schema, SplittableRandom random) {
        var truthRandom =
                new SplittableRandom(
                        ChatCompletionsSimulator.mix(seed, "truth", canonical(input), 0));
        return SimulatedAnswer.truth(taskType, input, schema, truthRandom, random);
    }

    /**
     * What a reviewer would give as the correct answer: the true answer without the model's
     * confidence, which no reviewer judges.
     */
    static ObjectNode correct(long seed, String taskType, JsonNode input, JsonNode schema) {
        ObjectNode answer = of(seed, taskType, input, schema, new SplittableRandom(0));
        schema.path("properties")
                .properties()
                .forEach(
                        property -> {
                            if (SchemaTruth.isProbability(property.getValue())) {
                                answer.remove(property.getKey());
                            }
                        });
        return answer;
    }

    static String canonical(JsonNode value) {
        if (value.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            // Null and absent mean the same in a task's input.
            value.properties().stream()
                    .filter(entry -> !entry.getValue().isNull())
                    .forEach(entry -> sorted.put(entry.getKey(), canonical(entry.getValue())));
            StringBuilder out = new StringBuilder("{");
            sorted.forEach(
                    (key, text) -> {
                        if (out.length() > 1) {
                            out.append(',');
                        }
                        out.append('"').append(key).append("\":").append(text);
                    });
            return out.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            value.forEach(
                    item -> {
                        if (out.length() > 1) {
                            out.append(',');
                        }
                        out.append(canonical(item));
                    });
            return out.append(']').toString();
        }
        return value.toString();
    }
}
