package dev.rung.task.internal;

import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user message of a prompt: the team's own text, with {@code {{input}}} (the whole input) or
 * {@code {{input.field.subfield}}} where values go. Every placed value is JSON between {@code
 * <untrusted_input>} tags it cannot close, so whatever a sender writes stays data; the template's
 * own text is the team's and trusted.
 */
final class UserTemplate {

    static final String DEFAULT = "{{input}}";
    static final String OPEN = "<untrusted_input>";
    static final String CLOSE = "</untrusted_input>";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Pattern REFERENCE = Pattern.compile("input(\\.[A-Za-z0-9_-]+)*");

    private final String text;
    private final JsonMapper json;

    UserTemplate(String text, JsonMapper json) {
        this.text = text == null ? DEFAULT : text;
        this.json = json;
    }

    String text() {
        return text;
    }

    boolean isDefault() {
        return text.equals(DEFAULT);
    }

    String render(JsonNode input) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            OPEN
                                    + "\n"
                                    + asDelimitedJson(json, valueAt(input, matcher.group(1)))
                                    + "\n"
                                    + CLOSE));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Problems with a template, pointing into the definition; placed fields must be in the input
     * schema.
     */
    static List<Violation> problems(String template, JsonNode inputSchema, String pointer) {
        String text = template == null ? DEFAULT : template;
        List<Violation> violations = new ArrayList<>();
        if (text.contains(OPEN) || text.contains(CLOSE)) {
            violations.add(
                    new Violation(
                            pointer,
                            "must not contain the untrusted_input tags: Rung places them around"
                                    + " each value"));
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        int placed = 0;
        while (matcher.find()) {
            placed++;
            String reference = matcher.group(1);
            if (!REFERENCE.matcher(reference).matches()) {
                violations.add(
                        new Violation(
                                pointer,
                                "{{" + reference + "}} is not {{input}} or {{input.<field>}}"));
            } else if (!reference.equals("input")
                    && !InputReferences.describedBy(
                            inputSchema,
                            "/" + reference.substring("input.".length()).replace('.', '/'))) {
                violations.add(
                        new Violation(
                                pointer,
                                "{{"
                                        + reference
                                        + "}} names a field the input schema does not have"));
            }
        }
        if (placed == 0) {
            violations.add(
                    new Violation(pointer, "must place the input: {{input}} or {{input.<field>}}"));
        }
        return violations;
    }

    private static JsonNode valueAt(JsonNode input, String reference) {
        JsonNode node = input;
        for (String field : reference.split("\\.")) {
            if (!field.equals("input")) {
                node = node.path(field);
            }
        }
        return node.isMissingNode() ? NullNode.getInstance() : node;
    }

    /**
     * In JSON text '<' and '>' can only occur inside strings, where their unicode escapes mean the
     * same: escaping them keeps the JSON intact and makes a forged closing tag impossible.
     */
    static String asDelimitedJson(JsonMapper json, JsonNode value) {
        return json.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e");
    }
}
