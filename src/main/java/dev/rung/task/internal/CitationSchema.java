package dev.rung.task.internal;

import dev.rung.task.Grounding;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A grounded type's output schema: the team's schema with the citations field added, required and
 * strict, so the model cannot leave it out or give a citation without its passage, quote or the
 * claim it supports.
 */
final class CitationSchema {

    private CitationSchema() {}

    static JsonNode withCitations(JsonNode outputSchema, Grounding.FromSource grounding) {
        ObjectNode schema = (ObjectNode) outputSchema.deepCopy();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode item = nodes.objectNode().put("type", "object");
        ObjectNode properties = item.putObject("properties");
        properties
                .putObject("passage")
                .put("type", "string")
                .put("description", "The id of the source passage, exactly as given");
        properties
                .putObject("quote")
                .put("type", "string")
                .put("description", "Words copied exactly from that passage");
        ArrayNode claims = properties.putObject("supports").put("type", "string").putArray("enum");
        grounding.claims().forEach(claims::add);
        item.putArray("required").add("passage").add("quote").add("supports");
        item.put("additionalProperties", false);
        ObjectNode citations =
                nodes.objectNode()
                        .put("type", "array")
                        .put(
                                "description",
                                "A citation for every value of a claim field, from the sources");
        citations.set("items", item);
        ((ObjectNode) schema.path("properties")).set(grounding.citationsField(), citations);
        ((ArrayNode) schema.path("required")).add(grounding.citationsField());
        return schema;
    }
}
