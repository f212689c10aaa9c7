package dev.rung.checks;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The probability a model gave to the value it wrote for one top-level field of its JSON answer:
 * the product of the probabilities of the tokens that spell the value (every token that overlaps
 * its characters, quotes included), so "sales-ready" spelled as {@code "sales}, {@code -ready}
 * counts both. For a list, the least probable item. Empty when the tokens do not spell the text (a
 * provider that returned log-probabilities for something else) or the field is not there.
 */
public final class SpelledProbability {

    private static final JsonFactory JSON = new JsonFactory();

    private record Span(int start, int end) {}

    private SpelledProbability() {}

    public static OptionalDouble of(String text, List<Candidate.Token> tokens, String field) {
        StringBuilder spelled = new StringBuilder();
        int[] starts = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            starts[i] = spelled.length();
            spelled.append(tokens.get(i).text());
        }
        if (!spelled.toString().equals(text)) {
            return OptionalDouble.empty();
        }
        List<Span> spans = spans(text, field);
        if (spans.isEmpty()) {
            return OptionalDouble.empty();
        }
        double lowest = 1;
        for (Span span : spans) {
            double logprob = 0;
            for (int i = 0; i < tokens.size(); i++) {
                int end = starts[i] + tokens.get(i).text().length();
                if (starts[i] < span.end() && end > span.start()) {
                    logprob += tokens.get(i).logprob();
                }
            }
            lowest = Math.min(lowest, Math.exp(logprob));
        }
        return OptionalDouble.of(lowest);
    }

    /** Where the field's value (each item, for a list) sits in the text, in characters. */
    private static List<Span> spans(String text, String field) {
        List<Span> spans = new ArrayList<>();
        try (JsonParser parser =
                JSON.createParser(tools.jackson.core.ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return spans;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean wanted = parser.currentName().equals(field);
                JsonToken value = parser.nextToken();
                if (!wanted) {
                    parser.skipChildren();
                    continue;
                }
                if (value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        spans.add(span(parser));
                        parser.skipChildren();
                    }
                } else if (value.isScalarValue()) {
                    spans.add(span(parser));
                }
                return spans;
            }
        } catch (JacksonException e) {
            // not JSON: nothing spelled
        }
        return spans;
    }

    private static Span span(JsonParser parser) {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        parser.getString(); // reads the whole value, so the location below is its end
        return new Span(start, (int) parser.currentLocation().getCharOffset());
    }
}
