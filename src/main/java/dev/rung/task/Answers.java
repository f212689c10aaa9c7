package dev.rung.task;

import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How answers are compared wherever one is judged against another: a reviewer's correct answer, a
 * second sample, the answer served before. Values are equal as JSON; lists (tags) in any order.
 */
public final class Answers {

    private Answers() {}

    /**
     * Every field the correct answer gives matches the answer; fields it leaves out are not judged.
     */
    public static boolean matches(JsonNode answer, JsonNode correct) {
        if (answer == null || answer.isNull() || correct == null || !correct.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : correct.properties()) {
            if (!same(field.getValue(), answer.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The two answers agree on every one of {@code fields}. */
    public static boolean agree(JsonNode a, JsonNode b, List<String> fields) {
        for (String field : fields) {
            if (!same(a.get(field), b.get(field))) {
                return false;
            }
        }
        return true;
    }

    /** Equal values, lists in any order; two absent values are equal. */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isArray() && b.isArray()) {
            return asSet(a).equals(asSet(b));
        }
        return a.equals(b);
    }

    private static Set<JsonNode> asSet(JsonNode array) {
        Set<JsonNode> values = new HashSet<>();
        array.forEach(values::add);
        return values;
    }
}
