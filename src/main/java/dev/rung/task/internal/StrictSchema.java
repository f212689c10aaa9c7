package dev.rung.task.internal;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds output schemas that OpenAI's strict Structured Outputs accept: every object closed with
 * {@code additionalProperties:false} and every property listed in {@code required}; an optional value is
 * expressed as a nullable type, never as a missing property.
 */
final class StrictSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode properties = NODES.objectNode();

    static StrictSchema object() {
        return new StrictSchema();
    }

    StrictSchema property(String name, ObjectNode schema) {
        properties.set(name, schema);
        return this;
    }

    ObjectNode build() {
        ObjectNode root = NODES.objectNode();
        root.put("type", "object");
        root.set("properties", properties);
        ArrayNode required = root.putArray("required");
        properties.propertyNames().forEach(required::add);
        root.put("additionalProperties", false);
        return root;
    }

    static ObjectNode string(boolean nullable) {
        ObjectNode node = NODES.objectNode();
        type(node, "string", nullable);
        return node;
    }

    static ObjectNode enumOf(List<String> values, boolean nullable) {
        ObjectNode node = NODES.objectNode();
        type(node, "string", nullable);
        ArrayNode allowed = node.putArray("enum");
        values.forEach(allowed::add);
        if (nullable) {
            allowed.addNull();
        }
        return node;
    }

    static ObjectNode probability() {
        ObjectNode node = NODES.objectNode();
        node.put("type", "number");
        node.put("minimum", 0);
        node.put("maximum", 1);
        return node;
    }

    static ObjectNode arrayOf(ObjectNode items, int minItems, int maxItems) {
        ObjectNode node = NODES.objectNode();
        node.put("type", "array");
        node.set("items", items);
        node.put("minItems", minItems);
        node.put("maxItems", maxItems);
        return node;
    }

    private static void type(ObjectNode node, String type, boolean nullable) {
        if (nullable) {
            node.putArray("type").add(type).add("null");
        } else {
            node.put("type", type);
        }
    }
}
