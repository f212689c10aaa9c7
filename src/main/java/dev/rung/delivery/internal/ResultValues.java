package dev.rung.delivery.internal;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Values read out of a task's result by JSON Pointer, in the forms CRMs take them. */
final class ResultValues {

    private ResultValues() {}

    /**
     * A CRM property's text: numbers and booleans as written, lists joined by ';' (HubSpot's
     * multi-select); null when absent.
     */
    static String text(JsonNode result, String pointer) {
        JsonNode value = result == null ? null : result.at(pointer);
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asString(item.toString())));
            return String.join(";", items);
        }
        return value.isString() ? value.asString() : value.toString();
    }

    /** One value or a list of them, as texts. */
    static List<String> texts(JsonNode result, String pointer) {
        JsonNode value = result == null ? null : result.at(pointer);
        List<String> texts = new ArrayList<>();
        if (value == null || value.isMissingNode() || value.isNull()) {
            return texts;
        }
        if (value.isArray()) {
            value.forEach(item -> texts.add(item.asString(item.toString())));
        } else {
            texts.add(value.isString() ? value.asString() : value.toString());
        }
        return texts;
    }
}
