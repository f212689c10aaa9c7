package dev.rung.webhooks.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a delivery's body into a task request ({@code subjectId}, {@code input}) as its sender is
 * configured. CRMs send numbers as text ("1200", "201-500"), so a value is converted to the type
 * the input schema gives its field where it can be; a value that cannot be, and an empty one, are
 * left out, as a field the sender did not fill.
 */
final class WebhookMapping {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(-?\\d+(\\.\\d+)?)");

    private WebhookMapping() {}

    static JsonNode request(
            JsonNode body,
            WebhookProperties.Sender sender,
            String deliveryId,
            JsonNode inputSchema) {
        if (sender.input().isEmpty()) {
            return body.at(sender.payloadPointer());
        }
        ObjectNode input = NODES.objectNode();
        for (WebhookProperties.Field field : sender.input()) {
            JsonNode value = field.from() == null ? null : body.at(field.from());
            if (absent(value) && field.value() != null) {
                value = NODES.stringNode(field.value());
            }
            JsonNode converted =
                    absent(value) ? null : convert(value, schemaAt(inputSchema, field.to()));
            if (converted != null) {
                put(input, field.to(), converted);
            }
        }
        JsonNode subject =
                sender.subject().from() == null ? null : body.at(sender.subject().from());
        String subjectId =
                sender.subject().prefix() + (absent(subject) ? deliveryId : text(subject));
        ObjectNode request = NODES.objectNode();
        request.put("subjectId", subjectId);
        request.set("input", input);
        return request;
    }

    private static boolean absent(JsonNode value) {
        return value == null
                || value.isMissingNode()
                || value.isNull()
                || (value.isString() && value.asString().isBlank());
    }

    private static String text(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }

    /** The value as the target field's type; null when it cannot be one. */
    private static JsonNode convert(JsonNode value, JsonNode schema) {
        String type = schema.path("type").isString() ? schema.path("type").asString() : "";
        if ((type.equals("integer") || type.equals("number")) && value.isString()) {
            Matcher number = LEADING_NUMBER.matcher(value.asString());
            if (!number.find()) {
                return null;
            }
            BigDecimal parsed = new BigDecimal(number.group(1));
            return type.equals("integer")
                    ? NODES.numberNode(parsed.toBigInteger())
                    : NODES.numberNode(parsed);
        }
        if (type.equals("string") && value.isValueNode() && !value.isString()) {
            return NODES.stringNode(value.asString());
        }
        if (type.equals("boolean") && value.isString()) {
            String text = value.asString().trim();
            return text.equalsIgnoreCase("true")
                    ? NODES.booleanNode(true)
                    : text.equalsIgnoreCase("false") ? NODES.booleanNode(false) : null;
        }
        return value;
    }

    private static JsonNode schemaAt(JsonNode schema, String pointer) {
        JsonNode node = schema;
        for (String segment : segments(pointer)) {
            node = node.path("properties").path(segment);
        }
        return node;
    }

    private static void put(ObjectNode input, String pointer, JsonNode value) {
        List<String> path = segments(pointer);
        ObjectNode parent = input;
        for (String segment : path.subList(0, path.size() - 1)) {
            parent =
                    parent.has(segment) && parent.get(segment).isObject()
                            ? (ObjectNode) parent.get(segment)
                            : parent.putObject(segment);
        }
        parent.set(path.getLast(), value);
    }

    private static List<String> segments(String pointer) {
        return java.util.Arrays.stream(
                        pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/"))
                .filter(segment -> !segment.isEmpty())
                .map(segment -> segment.replace("~1", "/").replace("~0", "~"))
                .toList();
    }
}
