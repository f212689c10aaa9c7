package dev.rung.task.internal;

import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The subset of JSON Schema that OpenAI's strict Structured Outputs accept, as its guide documents
 * it: OpenAI answers a schema outside it with a 400 on every call, so a definition that breaks it
 * is refused when loaded. Keywords the subset leaves out ({@code minLength}, {@code maxLength},
 * {@code uniqueItems}, {@code if/then} ...) belong in a definition's rules, which Rung checks
 * itself.
 */
final class StrictModeRules {

    static final Set<String> SUPPORTED =
            Set.of(
                    "type",
                    "properties",
                    "required",
                    "additionalProperties",
                    "items",
                    "enum",
                    "const",
                    "anyOf",
                    "description",
                    "title",
                    "$defs",
                    "$ref",
                    "pattern",
                    "format",
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                    "minItems",
                    "maxItems");
    static final Set<String> FORMATS =
            Set.of(
                    "date-time",
                    "time",
                    "date",
                    "duration",
                    "email",
                    "hostname",
                    "ipv4",
                    "ipv6",
                    "uuid");
    static final int MAX_PROPERTIES = 5_000;
    static final int MAX_NESTING = 10;
    static final int MAX_ENUM_VALUES = 1_000;
    static final int MAX_TOTAL_STRING_LENGTH = 120_000;
    static final int LARGE_ENUM = 250;
    static final int MAX_LARGE_ENUM_LENGTH = 15_000;

    private StrictModeRules() {}

    static List<Violation> check(JsonNode schema, String pointer) {
        List<Violation> violations = new ArrayList<>();
        if (!schema.isObject()) {
            violations.add(new Violation(pointer, "must be a JSON Schema object"));
            return violations;
        }
        if (!SchemaWalk.isObject(schema) || schema.has("anyOf")) {
            violations.add(
                    new Violation(
                            pointer,
                            "the root must be of type object and not anyOf (strict mode)"));
        }
        int[] properties = {0};
        boolean[] tooDeep = {false};
        int[] enumValues = {0};
        long[] stringLength = {0};
        SchemaWalk.each(
                schema,
                pointer,
                (node, at) -> {
                    node.propertyNames().stream()
                            .filter(keyword -> !SUPPORTED.contains(keyword))
                            .forEach(
                                    keyword ->
                                            violations.add(
                                                    new Violation(
                                                            at + "/" + SchemaWalk.escape(keyword),
                                                            "'"
                                                                    + keyword
                                                                    + "' is not supported by"
                                                                    + " OpenAI's strict structured"
                                                                    + " outputs; express it as a"
                                                                    + " rule")));
                    if (node.has("format") && !FORMATS.contains(node.path("format").asString(""))) {
                        violations.add(
                                new Violation(
                                        at + "/format",
                                        "format must be one of "
                                                + String.join(
                                                        ", ", FORMATS.stream().sorted().toList())
                                                + " in strict mode"));
                    }
                    String ref = node.path("$ref").asString(null);
                    if (ref != null && !ref.startsWith("#")) {
                        violations.add(
                                new Violation(
                                        at + "/$ref",
                                        "only references inside the schema (#/$defs/...) are"
                                                + " allowed"));
                    }
                    if (SchemaWalk.isObject(node) || node.has("properties")) {
                        closedObject(node, at, violations);
                    }
                    int depth = objectDepth(at);
                    if (SchemaWalk.isObject(node) && depth > MAX_NESTING && !tooDeep[0]) {
                        tooDeep[0] = true;
                        violations.add(
                                new Violation(
                                        at,
                                        "objects nest more than "
                                                + MAX_NESTING
                                                + " levels deep here; strict mode "
                                                + "allows "
                                                + MAX_NESTING));
                    }
                    node.path("properties")
                            .propertyNames()
                            .forEach(name -> stringLength[0] += name.length());
                    properties[0] += node.path("properties").size();
                    node.path("$defs")
                            .propertyNames()
                            .forEach(name -> stringLength[0] += name.length());
                    JsonNode values = node.path("enum");
                    if (values.isArray()) {
                        enumValues[0] += values.size();
                        long length =
                                values.valueStream()
                                        .filter(JsonNode::isString)
                                        .mapToLong(v -> v.asString().length())
                                        .sum();
                        stringLength[0] += length;
                        if (values.size() > LARGE_ENUM && length > MAX_LARGE_ENUM_LENGTH) {
                            violations.add(
                                    new Violation(
                                            at + "/enum",
                                            "an enum of more than "
                                                    + LARGE_ENUM
                                                    + " values may hold at most "
                                                    + MAX_LARGE_ENUM_LENGTH
                                                    + " characters in all; this one holds "
                                                    + length));
                        }
                    }
                    if (node.path("const").isString()) {
                        stringLength[0] += node.path("const").asString().length();
                    }
                });
        if (properties[0] > MAX_PROPERTIES) {
            violations.add(
                    new Violation(
                            pointer,
                            properties[0]
                                    + " object properties; strict mode allows "
                                    + MAX_PROPERTIES));
        }
        if (enumValues[0] > MAX_ENUM_VALUES) {
            violations.add(
                    new Violation(
                            pointer,
                            enumValues[0] + " enum values; strict mode allows " + MAX_ENUM_VALUES));
        }
        if (stringLength[0] > MAX_TOTAL_STRING_LENGTH) {
            violations.add(
                    new Violation(
                            pointer,
                            "property names, definition names, enum and const values hold "
                                    + stringLength[0]
                                    + " characters; strict mode allows "
                                    + MAX_TOTAL_STRING_LENGTH));
        }
        return violations;
    }

    /** Strict mode: every property listed in required, and no other properties allowed. */
    private static void closedObject(JsonNode node, String at, List<Violation> violations) {
        JsonNode additional = node.path("additionalProperties");
        if (!additional.isBoolean() || additional.asBoolean()) {
            violations.add(
                    new Violation(
                            at + "/additionalProperties",
                            "must be false for every object in strict mode"));
        }
        Set<String> required = new HashSet<>();
        node.path("required").forEach(name -> required.add(name.asString("")));
        node.path("properties").propertyNames().stream()
                .filter(name -> !required.contains(name))
                .forEach(
                        name ->
                                violations.add(
                                        new Violation(
                                                at + "/required",
                                                "must list '"
                                                        + name
                                                        + "': strict mode needs every property"
                                                        + " required (make it optional with a"
                                                        + " nullable type, e.g. [\"string\","
                                                        + " \"null\"])")));
        required.stream()
                .filter(name -> !node.path("properties").has(name))
                .sorted()
                .forEach(
                        name ->
                                violations.add(
                                        new Violation(
                                                at + "/required",
                                                "lists '" + name + "', which is not a property")));
    }

    /**
     * How many objects enclose the schema at this pointer, itself included: the root is level 1.
     */
    private static int objectDepth(String pointer) {
        int depth = 1;
        for (String segment : pointer.split("/")) {
            if (segment.equals("properties")) {
                depth++;
            }
        }
        return depth;
    }
}
