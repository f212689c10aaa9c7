package dev.rung.task.internal;

import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import java.util.List;

/**
 * Whether a rule speaks of fields the output schema has. A rule is a schema applied to the whole
 * answer, so its {@code properties}, {@code required} and {@code items} are read alongside the
 * output schema, level by level; a name the output schema lacks is a typo that would make the rule
 * pass every answer, so it is refused.
 */
final class SchemaReferences {

    private SchemaReferences() {}

    static void check(
            JsonNode rule,
            String rulePointer,
            JsonNode outputRoot,
            JsonNode output,
            String outputPointer,
            List<Violation> violations) {
        if (rule == null || !rule.isObject() || output == null || output.isMissingNode()) {
            return;
        }
        rule.path("properties")
                .properties()
                .forEach(
                        entry -> {
                            JsonNode described = property(outputRoot, output, entry.getKey());
                            String at =
                                    rulePointer
                                            + "/properties/"
                                            + SchemaWalk.escape(entry.getKey());
                            if (described.isMissingNode()) {
                                violations.add(
                                        new Violation(
                                                at,
                                                "refers to '"
                                                        + entry.getKey()
                                                        + "', which the output schema does not have"
                                                        + (outputPointer.isEmpty()
                                                                ? ""
                                                                : " at " + outputPointer)));
                            } else {
                                check(
                                        entry.getValue(),
                                        at,
                                        outputRoot,
                                        described,
                                        outputPointer + "/" + SchemaWalk.escape(entry.getKey()),
                                        violations);
                            }
                        });
        rule.path("required")
                .forEach(
                        name -> {
                            if (property(outputRoot, output, name.asString("")).isMissingNode()) {
                                violations.add(
                                        new Violation(
                                                rulePointer + "/required",
                                                "refers to '"
                                                        + name.asString("")
                                                        + "', which the output schema does not"
                                                        + " have"));
                            }
                        });
        for (String keyword : List.of("items", "contains")) {
            check(
                    rule.path(keyword),
                    rulePointer + "/" + keyword,
                    outputRoot,
                    items(outputRoot, output),
                    outputPointer + "/*",
                    violations);
        }
        for (String keyword : List.of("not", "if", "then", "else")) {
            check(
                    rule.path(keyword),
                    rulePointer + "/" + keyword,
                    outputRoot,
                    output,
                    outputPointer,
                    violations);
        }
        for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode branches = rule.path(keyword);
            for (int i = 0; i < branches.size(); i++) {
                check(
                        branches.get(i),
                        rulePointer + "/" + keyword + "/" + i,
                        outputRoot,
                        output,
                        outputPointer,
                        violations);
            }
        }
    }

    /**
     * The schema of a named property of an object schema, looking through anyOf branches and local
     * $refs.
     */
    static JsonNode property(JsonNode root, JsonNode schema, String name) {
        JsonNode resolved = resolve(root, schema);
        JsonNode direct = resolved.path("properties").path(name);
        if (!direct.isMissingNode()) {
            return resolve(root, direct);
        }
        for (JsonNode branch : resolved.path("anyOf")) {
            JsonNode found = property(root, branch, name);
            if (!found.isMissingNode()) {
                return found;
            }
        }
        return MissingNode.getInstance();
    }

    static JsonNode items(JsonNode root, JsonNode schema) {
        JsonNode resolved = resolve(root, schema);
        if (resolved.has("items")) {
            return resolve(root, resolved.path("items"));
        }
        for (JsonNode branch : resolved.path("anyOf")) {
            JsonNode found = items(root, branch);
            if (!found.isMissingNode()) {
                return found;
            }
        }
        return MissingNode.getInstance();
    }

    /** Follows a local {@code $ref} ({@code #/$defs/name}); anything else is returned as it is. */
    static JsonNode resolve(JsonNode root, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/") ? root.at(ref.substring(1)) : schema;
    }
}
