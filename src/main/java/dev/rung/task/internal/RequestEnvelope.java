package dev.rung.task.internal;

import com.networknt.schema.Schema;

import dev.rung.task.RequestCheck;
import dev.rung.task.Stakes;
import dev.rung.task.TaskRequest;
import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request body: {@code subjectId}, the {@code input} (or the type's older name for it, such as
 * {@code lead}), optional {@code stakes} and an optional {@code deadline}. Every violation is
 * collected, each with the JSON Pointer of the value as sent.
 */
final class RequestEnvelope {

    private static final Set<String> STAKES =
            Set.of("customerFacing", "pricingSensitive", "complianceRisk", "needsFreshKnowledge");
    private static final int MAX_SUBJECT_LENGTH = 200;

    private final Schema input;
    private final String alias;

    RequestEnvelope(Schema input, String alias) {
        this.input = input;
        this.alias = alias;
    }

    RequestCheck check(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        if (!body.isObject()) {
            return new RequestCheck.Invalid(List.of(new Violation("", "must be a JSON object")));
        }
        body.propertyNames().stream()
                .filter(
                        name ->
                                !name.equals("subjectId")
                                        && !name.equals("input")
                                        && !name.equals("stakes")
                                        && !name.equals("deadline")
                                        && !name.equals(alias))
                .forEach(
                        name ->
                                violations.add(
                                        new Violation(
                                                "/" + SchemaWalk.escape(name),
                                                "is not a field of a task request")));
        String subjectId = subjectId(body.path("subjectId"), violations);
        Stakes stakes = stakes(body.path("stakes"), violations);
        Instant deadline = deadline(body.path("deadline"), violations);
        String field = body.has("input") || alias == null || !body.has(alias) ? "input" : alias;
        JsonNode given = body.path(field);
        if (alias != null && body.has("input") && body.has(alias)) {
            violations.add(
                    new Violation("/" + alias, "send the input once, as input or as " + alias));
        }
        if (given.isMissingNode() || given.isNull()) {
            violations.add(new Violation("/" + field, "is required"));
        } else if (!given.isObject()) {
            violations.add(new Violation("/" + field, "must be a JSON object"));
        } else {
            ObjectNode cleaned = (ObjectNode) canonical(given);
            violations.addAll(JsonSchemas.violations(input.validate(cleaned), "/" + field));
            if (violations.isEmpty()) {
                return new RequestCheck.Valid(
                        new TaskRequest(subjectId, cleaned, stakes, deadline));
            }
        }
        return new RequestCheck.Invalid(violations);
    }

    /** An ISO-8601 instant with its offset, e.g. 2026-11-30T18:00:05Z; null when not given. */
    private static Instant deadline(JsonNode value, List<Violation> violations) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.asString("")).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            violations.add(
                    new Violation(
                            "/deadline",
                            "must be an ISO-8601 instant with its offset, such as"
                                    + " 2026-11-30T18:00:05Z"));
            return null;
        }
    }

    private static String subjectId(JsonNode value, List<Violation> violations) {
        if (!value.isString() || value.asString().isBlank()) {
            violations.add(
                    new Violation(
                            "/subjectId",
                            "is required: a non-blank string naming who the task is about"));
            return null;
        }
        if (value.asString().length() > MAX_SUBJECT_LENGTH) {
            violations.add(
                    new Violation(
                            "/subjectId",
                            "must be at most " + MAX_SUBJECT_LENGTH + " characters long"));
        }
        return value.asString();
    }

    private static Stakes stakes(JsonNode value, List<Violation> violations) {
        if (value.isMissingNode() || value.isNull()) {
            return Stakes.NONE;
        }
        if (!value.isObject()) {
            violations.add(new Violation("/stakes", "must be an object of true/false flags"));
            return Stakes.NONE;
        }
        value.properties()
                .forEach(
                        flag -> {
                            if (!STAKES.contains(flag.getKey())) {
                                violations.add(
                                        new Violation(
                                                "/stakes/" + SchemaWalk.escape(flag.getKey()),
                                                "is not a stakes flag (customerFacing,"
                                                        + " pricingSensitive, complianceRisk,"
                                                        + " needsFreshKnowledge)"));
                            } else if (!flag.getValue().isBoolean() && !flag.getValue().isNull()) {
                                violations.add(
                                        new Violation(
                                                "/stakes/" + flag.getKey(),
                                                "must be true or false"));
                            }
                        });
        return new Stakes(
                flag(value, "customerFacing"),
                flag(value, "pricingSensitive"),
                flag(value, "complianceRisk"),
                flag(value, "needsFreshKnowledge"));
    }

    private static Boolean flag(JsonNode stakes, String name) {
        return stakes.path(name).isBoolean() ? stakes.path(name).asBoolean() : null;
    }

    /**
     * The input in one form whatever the sender's habits: keys sorted, and null fields dropped at
     * every depth (null and absent mean the same), so the same input always reads, hashes and
     * prompts the same.
     */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().stream()
                    .filter(entry -> !entry.getValue().isNull())
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(entry -> copy.set(entry.getKey(), canonical(entry.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return node;
    }
}
