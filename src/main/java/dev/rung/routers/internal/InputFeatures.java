package dev.rung.routers.internal;

import tools.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a router knows of an input before any model sees it, as a vector of numbers: a few named
 * features (length, fields present, how much of the text is outside ASCII and how much is common
 * English, whether the task was queued), then the words of its text, the fields it has and its
 * numbers hashed into a fixed number of buckets (the hashing trick: any task type's fields, no
 * vocabulary to keep). Read from the input alone, so training and serving compute the same thing.
 */
final class InputFeatures {

    /** Named features before the hashed buckets; the intercept is not one of them. */
    static final int NAMED = 5;

    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'-]*");
    private static final Set<String> ENGLISH =
            Set.of(
                    "the", "and", "to", "for", "of", "we", "our", "you", "is", "a", "in", "can",
                    "with", "on", "please", "how", "are", "it", "i", "need", "what", "do", "this",
                    "that", "be", "have", "your", "my", "at", "from");

    private InputFeatures() {}

    /**
     * @param buckets hashed buckets after the named features
     * @return NAMED + buckets numbers: log length, fields present, non-ASCII letter share, English
     *     word share, queued; then the buckets
     */
    static double[] of(JsonNode input, boolean queued, int buckets) {
        double[] x = new double[NAMED + buckets];
        StringBuilder text = new StringBuilder();
        int[] fields = {0};
        walk("", input, text, fields, x, buckets);
        long letters = text.chars().filter(Character::isLetter).count();
        long foreign = text.chars().filter(c -> Character.isLetter(c) && c > 127).count();
        var words =
                WORD.matcher(text).results().map(m -> m.group().toLowerCase(Locale.ROOT)).toList();
        x[0] = Math.log1p(text.length());
        x[1] = fields[0];
        x[2] = letters == 0 ? 0 : (double) foreign / letters;
        x[3] =
                words.isEmpty()
                        ? 0
                        : (double) words.stream().filter(ENGLISH::contains).count() / words.size();
        x[4] = queued ? 1 : 0;
        for (String word : words) {
            x[NAMED + bucket("w:" + word, buckets)] += 1.0 / Math.sqrt(words.size());
        }
        return x;
    }

    private static void walk(
            String path, JsonNode node, StringBuilder text, int[] fields, double[] x, int buckets) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                walk(path + "/" + entry.getKey(), entry.getValue(), text, fields, x, buckets);
            }
            return;
        }
        if (node.isArray()) {
            node.values().forEach(item -> walk(path + "/*", item, text, fields, x, buckets));
            return;
        }
        fields[0]++;
        x[NAMED + bucket("f:" + path, buckets)] += 1;
        if (node.isString()) {
            text.append(node.asString()).append(' ');
        } else if (node.isNumber()) {
            // The size of a number, not its digits: 50 and 60 employees are alike, 50 and 50,000
            // are not.
            x[NAMED + bucket("n:" + path, buckets)] +=
                    Math.signum(node.asDouble()) * Math.log1p(Math.abs(node.asDouble()));
        } else if (node.isBoolean()) {
            x[NAMED + bucket("b:" + path + "=" + node.asBoolean(), buckets)] += 1;
        }
    }

    /** The key's bucket: String.hashCode is fixed by the language, so every JVM agrees. */
    private static int bucket(String key, int buckets) {
        return Math.floorMod(key.hashCode(), buckets);
    }
}
