package dev.rung.gateway.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A task's output schema as a vendor's structured outputs accept it. Anthropic's leave out numeric
 * and length constraints; they move into the field's description, where the model still reads them,
 * and Rung's own schema check still enforces them on the answer.
 */
final class VendorSchemas {

    private static final List<String> ANTHROPIC_UNSUPPORTED =
            List.of(
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                    "minLength",
                    "maxLength",
                    "maxItems");

    private VendorSchemas() {}

    static JsonNode forAnthropic(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            StringBuilder moved = new StringBuilder();
            for (String keyword : ANTHROPIC_UNSUPPORTED) {
                JsonNode value = object.remove(keyword);
                if (value != null) {
                    moved.append(moved.isEmpty() ? "" : ", ")
                            .append(keyword)
                            .append(": ")
                            .append(value);
                }
            }
            if (!moved.isEmpty()) {
                String description = object.path("description").asString("");
                object.put(
                        "description",
                        (description.isEmpty() ? "" : description + " ") + "(" + moved + ")");
            }
            for (Map.Entry<String, JsonNode> child : object.properties()) {
                strip(child.getValue());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(VendorSchemas::strip);
        }
    }
}
