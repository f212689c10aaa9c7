package dev.rung.simulator.internal;

import tools.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which inputs the simulated models find hard, as small models do: long ones, ones not in English,
 * and ones about large companies (whose answers hinge on more of the input). A model with fault
 * rates for hard inputs ({@code hard-input-faults}) fails those at its hard rates and the rest at
 * its usual ones, so its failures follow the input, as a learned router expects.
 *
 * @param longerThan an input whose text (all its strings) is longer than this many characters;
 *     null: length does not matter
 * @param nonEnglish whether an input not in English is hard (more than a tenth of its letters
 *     outside ASCII, or six words or more of which fewer than 15% are English's commonest)
 * @param largeCompanyFrom an input with a number at least this large in a field whose name holds
 *     "size" or "employees"; null: size does not matter
 */
public record HardInputs(Integer longerThan, Boolean nonEnglish, Integer largeCompanyFrom) {

    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final Set<String> ENGLISH =
            Set.of(
                    "the", "and", "to", "for", "of", "we", "our", "you", "is", "a", "in", "can",
                    "with", "on", "please", "how", "are", "it", "i", "need", "what", "do");

    /** Whether this input is hard. */
    boolean hard(JsonNode input) {
        StringBuilder text = new StringBuilder();
        boolean[] large = {false};
        walk(null, input, text, large);
        if (longerThan != null && text.length() > longerThan) {
            return true;
        }
        if (Boolean.TRUE.equals(nonEnglish) && !english(text)) {
            return true;
        }
        return large[0];
    }

    private void walk(String field, JsonNode node, StringBuilder text, boolean[] large) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                walk(entry.getKey(), entry.getValue(), text, large);
            }
        } else if (node.isArray()) {
            node.values().forEach(item -> walk(field, item, text, large));
        } else if (node.isString()) {
            text.append(node.asString()).append(' ');
        } else if (node.isNumber() && field != null && largeCompanyFrom != null) {
            String name = field.toLowerCase(Locale.ROOT);
            if ((name.contains("size") || name.contains("employees"))
                    && node.asDouble() >= largeCompanyFrom) {
                large[0] = true;
            }
        }
    }

    private static boolean english(CharSequence text) {
        long letters = text.chars().filter(Character::isLetter).count();
        long foreign = text.chars().filter(c -> Character.isLetter(c) && c > 127).count();
        if (letters > 0 && foreign * 10 > letters) {
            return false;
        }
        var words =
                WORD.matcher(text).results().map(m -> m.group().toLowerCase(Locale.ROOT)).toList();
        return words.size() < 6
                || words.stream().filter(ENGLISH::contains).count() * 100 >= words.size() * 15L;
    }
}
