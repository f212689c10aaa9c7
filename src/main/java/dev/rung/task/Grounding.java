package dev.rung.task;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a task type answers from a knowledge source: none, or passages retrieved for each task
 * from a named source, placed in the prompt as numbered untrusted sources, with citations the
 * answer must give for the fields the definition marks as claims.
 */
public sealed interface Grounding {

    /** The model answers from what it knows. */
    record None() implements Grounding {}

    /**
     * @param source the knowledge source searched
     * @param queryFields the input fields (dotted paths, e.g. {@code lead.message}) whose text is
     *     the search query
     * @param passages how many passages, best first, go in the prompt
     * @param citationsField the answer field holding the citations (added to the output schema)
     * @param claims the answer fields that need a citation when they hold a value
     */
    record FromSource(
            String source,
            List<String> queryFields,
            int passages,
            String citationsField,
            List<String> claims)
            implements Grounding {

        public FromSource {
            queryFields = List.copyOf(queryFields);
            claims = List.copyOf(claims);
        }

        /** The text of the named input fields (their string and number leaves), space-joined. */
        public String query(JsonNode input) {
            List<String> words = new ArrayList<>();
            for (String path : queryFields) {
                JsonNode node = input;
                for (String field : path.split("\\.")) {
                    node = node.path(field);
                }
                leaves(node, words);
            }
            return String.join(" ", words);
        }

        private static void leaves(JsonNode node, List<String> words) {
            if (node.isString() || node.isNumber()) {
                words.add(node.asString());
            } else if (node.isContainer()) {
                node.values().forEach(child -> leaves(child, words));
            }
        }
    }
}
