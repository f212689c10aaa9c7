package dev.rung.task.internal;

import tools.jackson.databind.JsonNode;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Visits every schema inside a JSON Schema (2020-12) with its JSON Pointer, knowing which keywords
 * hold schemas and which hold data ({@code enum}, {@code const}, {@code default}, {@code examples}
 * are never walked into).
 */
final class SchemaWalk {

    /** Keywords whose value is one schema. */
    static final Set<String> ONE_SCHEMA =
            Set.of(
                    "items",
                    "contains",
                    "additionalProperties",
                    "propertyNames",
                    "if",
                    "then",
                    "else",
                    "not",
                    "unevaluatedItems",
                    "unevaluatedProperties",
                    "contentSchema");

    /** Keywords whose value maps names to schemas. */
    static final Set<String> SCHEMA_MAPS =
            Set.of("properties", "patternProperties", "dependentSchemas", "$defs");

    /** Keywords whose value is an array of schemas. */
    static final Set<String> SCHEMA_ARRAYS = Set.of("prefixItems", "allOf", "anyOf", "oneOf");

    /** Every keyword of JSON Schema 2020-12 that a definition may use. */
    static final Set<String> KEYWORDS_2020_12 =
            Set.of(
                    "$ref",
                    "$anchor",
                    "$dynamicRef",
                    "$dynamicAnchor",
                    "$comment",
                    "$defs",
                    "prefixItems",
                    "items",
                    "contains",
                    "additionalProperties",
                    "properties",
                    "patternProperties",
                    "dependentSchemas",
                    "propertyNames",
                    "if",
                    "then",
                    "else",
                    "allOf",
                    "anyOf",
                    "oneOf",
                    "not",
                    "unevaluatedItems",
                    "unevaluatedProperties",
                    "type",
                    "const",
                    "enum",
                    "multipleOf",
                    "maximum",
                    "exclusiveMaximum",
                    "minimum",
                    "exclusiveMinimum",
                    "maxLength",
                    "minLength",
                    "pattern",
                    "maxItems",
                    "minItems",
                    "uniqueItems",
                    "maxContains",
                    "minContains",
                    "maxProperties",
                    "minProperties",
                    "required",
                    "dependentRequired",
                    "title",
                    "description",
                    "default",
                    "deprecated",
                    "readOnly",
                    "writeOnly",
                    "examples",
                    "format",
                    "contentEncoding",
                    "contentMediaType",
                    "contentSchema");

    private SchemaWalk() {}

    /**
     * Calls {@code visit} with each schema object and its pointer, the root first. Boolean schemas
     * are skipped.
     */
    static void each(JsonNode schema, String pointer, BiConsumer<JsonNode, String> visit) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        visit.accept(schema, pointer);
        schema.properties()
                .forEach(
                        entry -> {
                            String keyword = entry.getKey();
                            JsonNode value = entry.getValue();
                            String at = pointer + "/" + escape(keyword);
                            if (ONE_SCHEMA.contains(keyword)) {
                                each(value, at, visit);
                            } else if (SCHEMA_MAPS.contains(keyword) && value.isObject()) {
                                value.properties()
                                        .forEach(
                                                child ->
                                                        each(
                                                                child.getValue(),
                                                                at + "/" + escape(child.getKey()),
                                                                visit));
                            } else if (SCHEMA_ARRAYS.contains(keyword) && value.isArray()) {
                                for (int i = 0; i < value.size(); i++) {
                                    each(value.get(i), at + "/" + i, visit);
                                }
                            }
                        });
    }

    /** RFC 6901: '~' and '/' in a name are written as ~0 and ~1. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Whether the schema allows JSON null (as a type, in an enum, or in a branch of anyOf). */
    static boolean allowsNull(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isString() && type.asString().equals("null")) {
            return true;
        }
        if (type.isArray() && type.valueStream().anyMatch(t -> t.asString("").equals("null"))) {
            return true;
        }
        if (schema.path("enum").isArray()
                && schema.path("enum").valueStream().anyMatch(JsonNode::isNull)) {
            return true;
        }
        return schema.path("anyOf").valueStream().anyMatch(SchemaWalk::allowsNull);
    }

    /** Whether the schema describes an object (its type is or includes "object"). */
    static boolean isObject(JsonNode schema) {
        JsonNode type = schema.path("type");
        return type.isString()
                ? type.asString().equals("object")
                : type.valueStream().anyMatch(t -> t.asString("").equals("object"));
    }
}
