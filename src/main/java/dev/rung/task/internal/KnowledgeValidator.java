package dev.rung.task.internal;

import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A definition's {@code knowledge} block on its own: a source name, query fields the input schema
 * has, a sensible number of passages, a citations field the output schema leaves free, and claims
 * that are fields of the answer. Whether the source exists is the knowledge module's check.
 */
final class KnowledgeValidator {

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    static final int MAX_PASSAGES = 20;

    private KnowledgeValidator() {}

    static void validate(
            TaskTypeSpec.KnowledgeSpec spec,
            JsonNode inputSchema,
            JsonNode outputSchema,
            List<Violation> violations) {
        if (spec.source() == null || !SOURCE.matcher(spec.source()).matches()) {
            violations.add(
                    new Violation(
                            "/knowledge/source",
                            "is required: a knowledge source's name (lower-case letters, digits"
                                    + " and hyphens)"));
        }
        if (spec.query() == null || spec.query().isEmpty()) {
            violations.add(
                    new Violation(
                            "/knowledge/query",
                            "is required: the input fields whose text is searched, e.g."
                                    + " [lead.message]"));
        } else if (inputSchema != null) {
            for (int i = 0; i < spec.query().size(); i++) {
                String path = spec.query().get(i);
                if (path == null
                        || !PATH.matcher(path).matches()
                        || !InputReferences.describedBy(
                                inputSchema, "/" + path.replace('.', '/'))) {
                    violations.add(
                            new Violation(
                                    "/knowledge/query/" + i,
                                    "names a field the input schema does not have"));
                }
            }
        }
        if (spec.passagesOrDefault() < 1 || spec.passagesOrDefault() > MAX_PASSAGES) {
            violations.add(new Violation("/knowledge/passages", "must be 1 to " + MAX_PASSAGES));
        }
        String citations = spec.citationsOrDefault();
        if (!FIELD.matcher(citations).matches()) {
            violations.add(new Violation("/knowledge/citations", "must be a plain field name"));
        } else if (outputSchema != null && outputSchema.path("properties").has(citations)) {
            violations.add(
                    new Violation(
                            "/knowledge/citations",
                            "'"
                                    + citations
                                    + "' is already a field of the output schema: Rung adds the"
                                    + " citations field itself"));
        }
        claims(spec, citations, outputSchema, violations);
    }

    private static void claims(
            TaskTypeSpec.KnowledgeSpec spec,
            String citations,
            JsonNode outputSchema,
            List<Violation> violations) {
        if (spec.claims() == null || spec.claims().isEmpty()) {
            violations.add(
                    new Violation(
                            "/knowledge/claims",
                            "is required: the answer fields that must be cited, e.g. [price]"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < spec.claims().size(); i++) {
            String claim = spec.claims().get(i);
            String at = "/knowledge/claims/" + i;
            if (claim == null || claim.equals(citations)) {
                violations.add(new Violation(at, "must be an answer field other than citations"));
            } else if (outputSchema != null && !outputSchema.path("properties").has(claim)) {
                violations.add(new Violation(at, "names a field the output schema does not have"));
            } else if (!seen.add(claim)) {
                violations.add(new Violation(at, "is listed twice"));
            }
        }
    }
}
