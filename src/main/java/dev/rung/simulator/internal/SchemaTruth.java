package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's answer for a task type it has no rules of its own for: a value valid against the
 * request's output schema, drawn from a random source seeded by the input, so every model agrees on
 * the same "true" answer for the same input and a wrong one can be counted. A field the input has
 * too (same name, a value the answer's schema allows) is read off the input, as a model restates
 * what it was given. Fields shaped like a probability (a number from 0 to 1) get a confident value,
 * as a model's self-reported confidence would be.
 */
final class SchemaTruth {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_MAX_ITEMS = 3;

    private SchemaTruth() {}

    static ObjectNode answer(JsonNode schema, JsonNode input, SplittableRandom truth) {
        JsonNode value = value(schema, schema, "answer", truth);
        if (!value.isObject()) {
            return NODES.objectNode();
        }
        ObjectNode answer = (ObjectNode) value;
        schema.path("properties")
                .properties()
                .forEach(
                        property -> {
                            JsonNode given = input.path(property.getKey());
                            if (!given.isMissingNode() && fits(property.getValue(), given)) {
                                answer.set(property.getKey(), given);
                            }
                        });
        return answer;
    }

    /** Whether a given value is one the schema allows, as far as type and allowed set go. */
    private static boolean fits(JsonNode schema, JsonNode value) {
        if (schema.path("enum").isArray()) {
            return schema.path("enum").valueStream().anyMatch(value::equals);
        }
        return switch (firstType(schema)) {
            case "string" -> value.isString() && !schema.has("pattern") && !schema.has("format");
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber() && !isProbability(schema);
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    /** Whether a schema lets a value be null: {@code "type": [..., "null"]}. */
    static boolean nullable(JsonNode schema) {
        return schema.path("type").isArray()
                && schema.path("type")
                        .valueStream()
                        .anyMatch(type -> type.asString("").equals("null"));
    }

    /** Whether a schema describes a probability: a number no lower than 0 and no higher than 1. */
    static boolean isProbability(JsonNode schema) {
        return "number".equals(firstType(schema))
                && schema.path("minimum").asDouble(-1) >= 0
                && schema.has("maximum")
                && schema.path("maximum").asDouble(2) <= 1;
    }

    private static JsonNode value(
            JsonNode root, JsonNode schema, String name, SplittableRandom truth) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/")) {
            return value(root, root.at(ref.substring(1)), name, truth);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("anyOf").isArray()) {
            for (JsonNode branch : schema.path("anyOf")) {
                if (!"null".equals(firstType(branch))) {
                    return value(root, branch, name, truth);
                }
            }
            return NODES.nullNode();
        }
        List<JsonNode> allowed = new ArrayList<>();
        schema.path("enum")
                .forEach(
                        option -> {
                            if (!option.isNull()) {
                                allowed.add(option);
                            }
                        });
        if (!allowed.isEmpty()) {
            return allowed.get(truth.nextInt(allowed.size()));
        }
        return switch (firstType(schema)) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties")
                        .properties()
                        .forEach(
                                p ->
                                        object.set(
                                                p.getKey(),
                                                value(root, p.getValue(), p.getKey(), truth)));
                yield object;
            }
            case "array" -> array(root, schema, name, truth);
            case "integer" -> NODES.numberNode(between(schema, 0, 100, truth));
            case "number" ->
                    isProbability(schema)
                            ? NODES.numberNode(confident(truth))
                            : NODES.numberNode(between(schema, 0, 100, truth));
            case "boolean" -> NODES.booleanNode(truth.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode(text(schema.path("format").asString(""), name, truth));
        };
    }

    private static ArrayNode array(
            JsonNode root, JsonNode schema, String name, SplittableRandom truth) {
        int min = schema.path("minItems").asInt(1);
        int max = schema.path("maxItems").asInt(Math.max(min, DEFAULT_MAX_ITEMS));
        int size = min + truth.nextInt(Math.max(1, max - min + 1));
        ArrayNode items = NODES.arrayNode();
        for (int i = 0; i < size * 4 && items.size() < size; i++) {
            JsonNode item = value(root, schema.path("items"), name, truth);
            if (!items.valueStream().toList().contains(item)) {
                items.add(item);
            }
        }
        return items;
    }

    private static long between(JsonNode schema, long low, long high, SplittableRandom truth) {
        long min =
                schema.has("minimum") ? (long) Math.ceil(schema.path("minimum").asDouble()) : low;
        long max =
                schema.has("maximum")
                        ? (long) Math.floor(schema.path("maximum").asDouble())
                        : Math.max(min, high);
        return max <= min ? min : min + truth.nextLong(max - min + 1);
    }

    private static String text(String format, String name, SplittableRandom truth) {
        int n = truth.nextInt(1000);
        return switch (format) {
            case "email" -> "contact" + n + "@example.com";
            case "hostname" -> "host" + n + ".example.com";
            case "date" -> "2026-0" + (1 + n % 9) + "-1" + n % 10;
            case "date-time" -> "2026-0" + (1 + n % 9) + "-1" + n % 10 + "T09:30:00Z";
            case "time" -> "09:" + (10 + n % 50) + ":00Z";
            case "uuid" -> new java.util.UUID(truth.nextLong(), truth.nextLong()).toString();
            default -> "Simulated " + name + " " + n;
        };
    }

    static double confident(SplittableRandom random) {
        return Math.round((0.8 + random.nextDouble() * 0.18) * 100) / 100.0;
    }

    static String firstType(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isString()) {
            return type.asString();
        }
        for (JsonNode option : type) {
            if (!option.asString("").equals("null")) {
                return option.asString();
            }
        }
        return type.isArray() && !type.isEmpty() ? "null" : "string";
    }
}
