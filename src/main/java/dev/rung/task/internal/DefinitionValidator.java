package dev.rung.task.internal;

import dev.rung.task.Tier;
import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a definition must get right before any task runs on it, each problem with the JSON
 * Pointer of the offending part: names, schemas that compile (and an output schema OpenAI's strict
 * mode accepts), rules that speak of fields the answer has, a confidence field that exists, a
 * template that places the input.
 */
final class DefinitionValidator {

    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern ALIAS = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,39}");
    private static final Pattern RULE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern PROMPT_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_OUTPUT_TOKENS = 128_000;
    private static final int MAX_SLUG = 64;
    private static final int MAX_DESCRIPTION = 1_000;
    private static final int MAX_INSTRUCTIONS = 100_000;

    private DefinitionValidator() {}

    static List<Violation> validate(TaskTypeSpec spec) {
        List<Violation> violations = new ArrayList<>();
        if (spec.slug() == null
                || spec.slug().length() > MAX_SLUG
                || !SLUG.matcher(spec.slug()).matches()) {
            violations.add(
                    new Violation(
                            "/slug",
                            "is required: lower-case words joined by hyphens, at most "
                                    + MAX_SLUG
                                    + " characters (e.g. lead-classification)"));
        }
        if (blank(spec.description()) || spec.description().length() > MAX_DESCRIPTION) {
            violations.add(
                    new Violation(
                            "/description",
                            "is required, at most " + MAX_DESCRIPTION + " characters"));
        }
        if (spec.inputAlias() != null
                && (!ALIAS.matcher(spec.inputAlias()).matches()
                        || Set.of("input", "subjectId", "stakes").contains(spec.inputAlias()))) {
            violations.add(
                    new Violation(
                            "/inputAlias",
                            "must be a plain field name other than input, subjectId and stakes"));
        }
        boolean inputUsable = schema(spec.inputSchema(), "/inputSchema", violations);
        if (inputUsable && !SchemaWalk.isObject(spec.inputSchema())) {
            violations.add(
                    new Violation(
                            "/inputSchema/type", "must be \"object\": an input is a JSON object"));
        }
        boolean outputUsable = outputSchema(spec.outputSchema(), violations);
        if (inputUsable && outputUsable) {
            rules(spec, violations);
        }
        if (outputUsable) {
            confidence(spec, violations);
            verifier(spec, violations);
        }
        prompt(spec, inputUsable, violations);
        if (spec.knowledge() != null) {
            KnowledgeValidator.validate(
                    spec.knowledge(),
                    inputUsable ? spec.inputSchema() : null,
                    outputUsable ? spec.outputSchema() : null,
                    violations);
        }
        if (spec.maxOutputTokens() == null
                || spec.maxOutputTokens() < 1
                || spec.maxOutputTokens() > MAX_OUTPUT_TOKENS) {
            violations.add(
                    new Violation(
                            "/maxOutputTokens",
                            "is required: 1 to "
                                    + MAX_OUTPUT_TOKENS
                                    + " (sent as max_completion_tokens, reasoning included)"));
        }
        if (spec.tiers() != null && spec.tiers().policies() != null) {
            spec.tiers()
                    .policies()
                    .forEach(
                            (tier, policy) -> {
                                if (blank(policy)) {
                                    violations.add(
                                            new Violation(
                                                    "/tiers/policies/" + tier,
                                                    "must name a routing policy"));
                                }
                            });
        }
        return violations;
    }

    private static boolean schema(JsonNode schema, String pointer, List<Violation> violations) {
        if (schema == null || schema.isNull()) {
            violations.add(new Violation(pointer, "is required: a JSON Schema (2020-12)"));
            return false;
        }
        List<Violation> problems = JsonSchemas.problems(schema, pointer);
        violations.addAll(problems);
        return problems.isEmpty();
    }

    private static boolean outputSchema(JsonNode schema, List<Violation> violations) {
        if (schema == null || schema.isNull()) {
            violations.add(
                    new Violation(
                            "/outputSchema",
                            "is required: the strict JSON Schema the model answers in"));
            return false;
        }
        List<Violation> strict = StrictModeRules.check(schema, "/outputSchema");
        violations.addAll(strict);
        return strict.isEmpty() && schema(schema, "/outputSchema", violations);
    }

    private static void rules(TaskTypeSpec spec, List<Violation> violations) {
        if (spec.rules() == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.rules().size(); i++) {
            var rule = spec.rules().get(i);
            String at = "/rules/" + i;
            if (rule == null) {
                violations.add(new Violation(at, "must be a rule: {name, description, schema}"));
                continue;
            }
            if (rule.name() == null || !RULE_NAME.matcher(rule.name()).matches()) {
                violations.add(
                        new Violation(
                                at + "/name",
                                "is required: lower case letters, digits and underscores"));
            } else if (!names.add(rule.name())) {
                violations.add(
                        new Violation(
                                at + "/name", "'" + rule.name() + "' names another rule too"));
            }
            if (rule.schema() == null || !rule.schema().isObject()) {
                violations.add(
                        new Violation(
                                at + "/schema",
                                "is required: a JSON Schema the whole answer must satisfy"));
                continue;
            }
            var references = InputReferences.in(rule.schema(), at + "/schema");
            references.forEach(
                    (where, pointer) -> {
                        if (!InputReferences.describedBy(spec.inputSchema(), pointer)) {
                            violations.add(
                                    new Violation(
                                            where,
                                            "takes values from "
                                                    + pointer
                                                    + ", which the input schema does not have"));
                        }
                    });
            if (schema(withPlaceholdersFilled(rule.schema()), at + "/schema", violations)) {
                SchemaReferences.check(
                        rule.schema(),
                        at + "/schema",
                        spec.outputSchema(),
                        spec.outputSchema(),
                        "",
                        violations);
            }
        }
    }

    /**
     * Placeholders stand in for arrays (enum) and values (const) that only a task's input will
     * supply.
     */
    private static JsonNode withPlaceholdersFilled(JsonNode schema) {
        return InputReferences.substitute(schema, pointer -> JsonNodeFactory.instance.arrayNode());
    }

    private static void confidence(TaskTypeSpec spec, List<Violation> violations) {
        var confidence = spec.confidence();
        if (confidence == null) {
            return;
        }
        var source = confidence.sourceOrDefault();
        if (source != TaskTypeSpec.ConfidenceKind.LOGPROBS) {
            confidenceField(spec, confidence.field(), violations);
        } else if (confidence.field() != null) {
            violations.add(
                    new Violation(
                            "/confidence/field",
                            "is not used with source logprobs: use source lower for both"));
        }
        if (source != TaskTypeSpec.ConfidenceKind.FIELD) {
            spelledValue(spec, confidence.of(), violations);
        } else if (confidence.of() != null || confidence.topLogprobs() != null) {
            violations.add(
                    new Violation(
                            confidence.of() != null ? "/confidence/of" : "/confidence/topLogprobs",
                            "needs source logprobs or lower"));
        }
        if (confidence.topLogprobs() != null
                && (confidence.topLogprobs() < 0 || confidence.topLogprobs() > 20)) {
            violations.add(new Violation("/confidence/topLogprobs", "must be 0 to 20"));
        }
        for (Tier tier : Tier.values()) {
            Double threshold =
                    confidence.thresholds() == null ? null : confidence.thresholds().get(tier);
            if (threshold == null || threshold < 0 || threshold > 1) {
                violations.add(
                        new Violation("/confidence/thresholds/" + tier, "is required: 0 to 1"));
            }
        }
    }

    private static void verifier(TaskTypeSpec spec, List<Violation> violations) {
        var verifier = spec.verifier();
        if (verifier == null) {
            return;
        }
        if (verifier.kind() == null) {
            violations.add(
                    new Violation("/verifier/kind", "is required: model or self-consistency"));
            return;
        }
        switch (verifier.kind()) {
            case MODEL -> {
                if (verifier.model() == null
                        || !verifier.model().matches("[A-Za-z0-9._:-]{1,100}")) {
                    violations.add(
                            new Violation(
                                    "/verifier/model",
                                    "must name the judge's model, e.g. gpt-5.4-mini"));
                }
                if (verifier.instructions() != null && verifier.instructions().length() > 4000) {
                    violations.add(
                            new Violation(
                                    "/verifier/instructions", "must be at most 4000 characters"));
                }
                if (verifier.agreeOn() != null) {
                    violations.add(
                            new Violation("/verifier/agreeOn", "needs kind self-consistency"));
                }
            }
            case SELF_CONSISTENCY -> {
                if (verifier.agreeOn() == null || verifier.agreeOn().isEmpty()) {
                    violations.add(
                            new Violation(
                                    "/verifier/agreeOn",
                                    "must name the answer fields two samples must agree on"));
                } else {
                    for (int i = 0; i < verifier.agreeOn().size(); i++) {
                        String field = verifier.agreeOn().get(i);
                        if (field == null
                                || spec.outputSchema()
                                        .path("properties")
                                        .path(field)
                                        .isMissingNode()) {
                            violations.add(
                                    new Violation(
                                            "/verifier/agreeOn/" + i,
                                            "must name a top-level field of the output schema"));
                        }
                    }
                }
                if (verifier.model() != null || verifier.instructions() != null) {
                    violations.add(
                            new Violation(
                                    verifier.model() != null
                                            ? "/verifier/model"
                                            : "/verifier/instructions",
                                    "needs kind model"));
                }
            }
        }
    }

    private static void confidenceField(
            TaskTypeSpec spec, String name, List<Violation> violations) {
        JsonNode field = name == null ? null : spec.outputSchema().path("properties").path(name);
        if (field == null || field.isMissingNode()) {
            violations.add(
                    new Violation(
                            "/confidence/field",
                            "must name a top-level field of the output schema"));
        } else if (!(field.path("type").asString("").equals("number")
                || field.path("type").asString("").equals("integer"))) {
            violations.add(
                    new Violation(
                            "/confidence/field",
                            "must name a number field that cannot be null (0 to 1)"));
        }
    }

    /**
     * The field whose tokens' probability is the confidence: a top-level value the model spells
     * out, a string (an enum value, a label), a boolean, or a list of strings.
     */
    private static void spelledValue(TaskTypeSpec spec, String name, List<Violation> violations) {
        JsonNode field = name == null ? null : spec.outputSchema().path("properties").path(name);
        if (field == null || field.isMissingNode()) {
            violations.add(
                    new Violation(
                            "/confidence/of",
                            "must name a top-level field of the output schema (e.g. the label)"));
            return;
        }
        String type = field.path("type").asString("");
        boolean spelled =
                type.equals("string")
                        || type.equals("boolean")
                        || (type.equals("array")
                                && field.path("items").path("type").asString("").equals("string"));
        if (!spelled) {
            violations.add(
                    new Violation(
                            "/confidence/of",
                            "must name a string, boolean or list-of-strings field that cannot be"
                                    + " null"));
        }
    }

    private static void prompt(TaskTypeSpec spec, boolean inputUsable, List<Violation> violations) {
        var prompt = spec.prompt();
        if (prompt == null) {
            violations.add(
                    new Violation("/prompt", "is required: {version, instructions, userTemplate}"));
            return;
        }
        if (prompt.version() == null || !PROMPT_VERSION.matcher(prompt.version()).matches()) {
            violations.add(
                    new Violation(
                            "/prompt/version",
                            "is required: letters, digits, '.', '_' or '-', e.g. lead-v2"));
        }
        if (blank(prompt.instructions()) || prompt.instructions().length() > MAX_INSTRUCTIONS) {
            violations.add(
                    new Violation(
                            "/prompt/instructions",
                            "is required, at most " + MAX_INSTRUCTIONS + " characters"));
        }
        if (inputUsable) {
            violations.addAll(
                    UserTemplate.problems(
                            prompt.userTemplate(), spec.inputSchema(), "/prompt/userTemplate"));
        }
    }

    /**
     * The top-level answer fields that may not be left empty: those the output schema does not let
     * be null.
     */
    static List<String> requiredValues(JsonNode outputSchema) {
        List<String> required = new ArrayList<>();
        outputSchema
                .path("properties")
                .properties()
                .forEach(
                        property -> {
                            if (!SchemaWalk.allowsNull(
                                    SchemaReferences.resolve(outputSchema, property.getValue()))) {
                                required.add(property.getKey());
                            }
                        });
        return required;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
