package dev.rung.support;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Compares two JSON documents: same structure and text, numbers equal to a relative 1e-9. */
public final class JsonNumbers {

    private JsonNumbers() {}

    public static void assertSameNumbers(String where, JsonNode actual, JsonNode expected) {
        if (expected.isNumber() && actual.isNumber()) {
            double e = expected.asDouble();
            double a = actual.asDouble();
            assertThat(Math.abs(a - e))
                    .as(where + ": " + a + " vs " + e)
                    .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(e)));
            return;
        }
        if (expected.isContainer()) {
            assertThat(actual.size()).as(where + " size").isEqualTo(expected.size());
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameNumbers(where + "[" + i + "]", actual.get(i), expected.get(i));
                }
            } else {
                expected.properties()
                        .forEach(
                                entry ->
                                        assertSameNumbers(
                                                where + "." + entry.getKey(),
                                                actual.path(entry.getKey()),
                                                entry.getValue()));
            }
            return;
        }
        assertThat(actual).as(where).isEqualTo(expected);
    }
}
