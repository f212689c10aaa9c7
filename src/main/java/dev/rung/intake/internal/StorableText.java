package dev.rung.intake.internal;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text a task may carry must be storable: NUL characters and unpaired surrogates, which
 * PostgreSQL's jsonb refuses, are refused up front, naming the field, rather than failing the
 * task's first write.
 */
final class StorableText {

    private StorableText() {}

    /** Fields whose text cannot be stored: NUL characters or unpaired UTF-16 surrogates. */
    static List<Map<String, String>> violations(JsonNode node) {
        List<Map<String, String>> errors = new ArrayList<>();
        walk(node, "", errors);
        return errors;
    }

    private static void walk(JsonNode node, String path, List<Map<String, String>> errors) {
        if (node.isString() && !storable(node.asString())) {
            errors.add(
                    Map.of(
                            "field",
                            path.isEmpty() ? "(body)" : path,
                            "message",
                            "contains a NUL character or broken Unicode"));
        }
        node.properties()
                .forEach(
                        p ->
                                walk(
                                        p.getValue(),
                                        path.isEmpty() ? p.getKey() : path + "." + p.getKey(),
                                        errors));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", errors);
            }
        }
        if (node.isObject()) {
            node.propertyNames().stream()
                    .filter(name -> !storable(name))
                    .forEach(
                            name ->
                                    errors.add(
                                            Map.of(
                                                    "field",
                                                    path,
                                                    "message",
                                                    "has a key with a NUL character or broken"
                                                            + " Unicode")));
        }
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
