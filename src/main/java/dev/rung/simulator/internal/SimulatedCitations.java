package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A grounded call's answer, as a model reading its sources would write it: each claim field filled
 * from a sentence of a given passage (the first number in it for a number field, the sentence for a
 * text field) and cited with that sentence as the quote. The drawn fault spoils it the ways models
 * do: a citation to a passage it was not given (an older version of the page, or one it made up), a
 * misquoted figure (which it then also answers with), or no citations at all. A call is grounded
 * when its schema has an array of {@code {passage, quote, supports}} and its user message carries
 * the {@code <sources>} block.
 */
final class SimulatedCitations {

    private static final String OPEN = "<sources>";
    private static final String CLOSE = "</sources>";
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(\\.\\d+)?");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern PASSAGE_ID = Pattern.compile("(.+)@(\\d+)#(\\d+)");

    private SimulatedCitations() {}

    record Source(String id, String text) {}

    /** The citations field of a grounded schema, or null. */
    static String citationsField(JsonNode schema) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode item = property.getValue().path("items").path("properties");
            if (item.has("passage") && item.has("quote") && item.has("supports")) {
                return property.getKey();
            }
        }
        return null;
    }

    /** The passages of the user message's sources block, in order. */
    static List<Source> sources(String user, JsonMapper json) {
        List<Source> sources = new ArrayList<>();
        int start = user.lastIndexOf(OPEN);
        int end = start < 0 ? -1 : user.indexOf(CLOSE, start);
        if (end < 0) {
            return sources;
        }
        for (String line : user.substring(start + OPEN.length(), end).strip().split("\n")) {
            if (!line.isBlank()) {
                JsonNode passage = json.readTree(line);
                sources.add(
                        new Source(passage.path("id").asString(), passage.path("text").asString()));
            }
        }
        return sources;
    }

    /** Fills the claims from the sources and cites them, spoilt as {@code fault} says. */
    static void ground(
            ObjectNode answer,
            JsonNode schema,
            String field,
            List<Source> sources,
            FaultRates.AnswerFault fault) {
        ArrayNode citations = answer.putArray(field);
        JsonNode claims =
                schema.path("properties")
                        .path(field)
                        .path("items")
                        .path("properties")
                        .path("supports")
                        .path("enum");
        for (JsonNode claim : claims) {
            String name = claim.asString();
            JsonNode claimSchema = schema.path("properties").path(name);
            boolean numeric = SchemaTruth.firstType(claimSchema).matches("number|integer");
            Quote quote = quote(sources, numeric);
            if (quote == null) {
                // Nothing in the sources says it: a model that follows its instructions leaves a
                // claim it may leave empty empty, and has nothing to cite for one it may not.
                if (SchemaTruth.nullable(claimSchema)) {
                    answer.putNull(name);
                }
                continue;
            }
            fill(answer, name, claimSchema, numeric, quote.sentence());
            citations
                    .addObject()
                    .put("passage", quote.source().id())
                    .put("quote", quote.sentence())
                    .put("supports", name);
        }
        if (citations.isEmpty()) {
            return;
        }
        ObjectNode first = (ObjectNode) citations.get(0);
        switch (fault) {
            case CITATION_UNKNOWN ->
                    first.put("passage", elsewhere(first.path("passage").asString()));
            case MISQUOTE -> {
                String misquoted = misquote(first.path("quote").asString());
                first.put("quote", misquoted);
                String claim = first.path("supports").asString();
                JsonNode claimSchema = schema.path("properties").path(claim);
                fill(
                        answer,
                        claim,
                        claimSchema,
                        SchemaTruth.firstType(claimSchema).matches("number|integer"),
                        misquoted);
            }
            case CITATION_MISSING -> answer.putArray(field);
            default -> {}
        }
    }

    private record Quote(Source source, String sentence) {}

    /** The first sentence of the best passage (with a figure, for a number claim). */
    private static Quote quote(List<Source> sources, boolean numeric) {
        for (Source source : sources) {
            for (String sentence : SENTENCE_END.split(source.text().strip())) {
                if (!sentence.isBlank() && (!numeric || NUMBER.matcher(sentence).find())) {
                    return new Quote(source, sentence.strip());
                }
            }
        }
        return null;
    }

    private static void fill(
            ObjectNode answer, String name, JsonNode schema, boolean numeric, String sentence) {
        if (numeric) {
            Matcher number = NUMBER.matcher(sentence);
            if (number.find()) {
                BigDecimal value = new BigDecimal(number.group().replace(",", ""));
                if (SchemaTruth.firstType(schema).equals("integer")) {
                    answer.put(name, value.longValue());
                } else {
                    answer.put(name, value);
                }
            }
        } else if (SchemaTruth.firstType(schema).equals("string") && !schema.has("enum")) {
            answer.put(name, sentence);
        }
    }

    /**
     * A passage the model was not given: the same part of the page's older version, or one made up.
     */
    private static String elsewhere(String id) {
        Matcher parts = PASSAGE_ID.matcher(id);
        if (!parts.matches()) {
            return id + "-1";
        }
        int version = Integer.parseInt(parts.group(2));
        return version > 1
                ? parts.group(1) + "@" + (version - 1) + "#" + parts.group(3)
                : parts.group(1) + "@" + version + "#" + (Integer.parseInt(parts.group(3)) + 40);
    }

    /** The quote with its first figure changed (49 becomes 59), or a word put in. */
    private static String misquote(String quote) {
        Matcher digit = Pattern.compile("\\d").matcher(quote);
        if (digit.find()) {
            int changed = (quote.charAt(digit.start()) - '0' + 1) % 10;
            return quote.substring(0, digit.start()) + changed + quote.substring(digit.end());
        }
        return "Reportedly, " + quote;
    }
}
