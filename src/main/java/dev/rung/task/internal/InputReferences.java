package dev.rung.task.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Values a rule takes from the task's input: {@code {"$input": "/candidates/*\/id"}} as the value
 * of {@code enum} or {@code const}, so that a rule can say "the answer's account is one of the
 * candidates the caller sent", which no schema fixed in advance can. A {@code *} segment stands for
 * every element of an array.
 */
final class InputReferences {

    static final String KEY = "$input";

    private InputReferences() {}

    /**
     * The input pointers a rule schema refers to, by the pointer of the placeholder in the rule.
     */
    static Map<String, String> in(JsonNode schema, String pointer) {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        SchemaWalk.each(
                schema,
                pointer,
                (node, at) -> {
                    for (String keyword : List.of("enum", "const")) {
                        if (isPlaceholder(node.path(keyword))) {
                            found.put(at + "/" + keyword, node.path(keyword).path(KEY).asString());
                        }
                    }
                });
        return found;
    }

    static boolean isPlaceholder(JsonNode value) {
        return value.isObject() && value.size() == 1 && value.path(KEY).isString();
    }

    /**
     * A copy of the rule schema with each placeholder replaced by what {@code values} gives for its
     * pointer.
     */
    static JsonNode substitute(JsonNode schema, Function<String, ArrayNode> values) {
        JsonNode copy = schema.deepCopy();
        SchemaWalk.each(
                copy,
                "",
                (node, at) -> {
                    ObjectNode object = (ObjectNode) node;
                    if (isPlaceholder(node.path("enum"))) {
                        object.set("enum", values.apply(node.path("enum").path(KEY).asString()));
                    }
                    if (isPlaceholder(node.path("const"))) {
                        ArrayNode found = values.apply(node.path("const").path(KEY).asString());
                        object.set(
                                "const",
                                found.isEmpty()
                                        ? JsonNodeFactory.instance.nullNode()
                                        : found.get(0));
                    }
                });
        return copy;
    }

    /**
     * Every value at the pointer in the input; {@code *} fans out over array elements. Missing
     * paths give none.
     */
    static ArrayNode resolve(JsonNode input, String pointer) {
        List<JsonNode> current = List.of(input);
        for (String segment : segments(pointer)) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (segment.equals("*") && node.isArray()) {
                    node.forEach(next::add);
                } else if (node.isObject() && node.has(segment)) {
                    next.add(node.get(segment));
                } else if (node.isArray()
                        && segment.matches("\\d+")
                        && Integer.parseInt(segment) < node.size()) {
                    next.add(node.get(Integer.parseInt(segment)));
                }
            }
            current = next;
        }
        ArrayNode values = JsonNodeFactory.instance.arrayNode();
        current.forEach(values::add);
        return values;
    }

    /**
     * Whether the input schema describes something at the pointer (a property, or {@code *} for
     * array items).
     */
    static boolean describedBy(JsonNode inputSchema, String pointer) {
        if (!pointer.startsWith("/")) {
            return false;
        }
        JsonNode node = inputSchema;
        for (String segment : segments(pointer)) {
            node =
                    segment.equals("*")
                            ? node.path("items")
                            : SchemaReferences.property(inputSchema, node, segment);
            if (node == null || node.isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    static List<String> segments(String pointer) {
        List<String> segments = new ArrayList<>();
        for (String raw : pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/", -1)) {
            if (!raw.isEmpty()) {
                segments.add(raw.replace("~1", "/").replace("~0", "~"));
            }
        }
        return segments;
    }
}
