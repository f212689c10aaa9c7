package dev.rung.task.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;

import dev.rung.task.RequestCheck;
import dev.rung.task.RuleViolation;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Violation;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A definition's schemas, compiled once per version: requests, answers and each named rule. */
final class CompiledContract implements TaskDefinition.Contract {

    private static final int MAX_REPORTED = 5;
    private static final int VALUE_EXCERPT = 200;

    private final RequestEnvelope envelope;
    private final Schema output;
    private final List<CompiledRule> rules;
    private final JsonNode document;
    private final JsonNode inputSchema;

    /** A rule whose schema takes values from the input is compiled per task; any other once. */
    private record CompiledRule(String name, JsonNode schema, Schema compiled) {
        Schema forInput(JsonNode input) {
            return compiled != null
                    ? compiled
                    : JsonSchemas.compile(
                            InputReferences.substitute(
                                    schema, pointer -> InputReferences.resolve(input, pointer)));
        }
    }

    /**
     * @param outputSchema the answers' schema as sent (a grounded type's with its citations)
     */
    CompiledContract(TaskTypeSpec spec, JsonNode outputSchema, JsonNode document) {
        this.envelope =
                new RequestEnvelope(JsonSchemas.compile(spec.inputSchema()), spec.inputAlias());
        this.output = JsonSchemas.compile(outputSchema);
        this.rules =
                spec.rules() == null
                        ? List.of()
                        : spec.rules().stream()
                                .map(
                                        rule ->
                                                new CompiledRule(
                                                        rule.name(),
                                                        rule.schema(),
                                                        InputReferences.in(rule.schema(), "")
                                                                        .isEmpty()
                                                                ? JsonSchemas.compile(rule.schema())
                                                                : null))
                                .toList();
        this.document = document;
        this.inputSchema = spec.inputSchema();
    }

    @Override
    public RequestCheck request(JsonNode body) {
        return envelope.check(body);
    }

    @Override
    public List<Violation> answerViolations(JsonNode answer) {
        List<Violation> violations = JsonSchemas.violations(output.validate(answer), "");
        return violations.size() > MAX_REPORTED ? violations.subList(0, MAX_REPORTED) : violations;
    }

    @Override
    public List<RuleViolation> ruleViolations(JsonNode answer, JsonNode input) {
        List<RuleViolation> violations = new ArrayList<>();
        for (CompiledRule rule : rules) {
            for (Error error : rule.forInput(input).validate(answer)) {
                if (violations.size() == MAX_REPORTED) {
                    return violations;
                }
                violations.add(
                        new RuleViolation(
                                rule.name(),
                                JsonSchemas.pointer(error, ""),
                                excerpt(error.getInstanceNode()),
                                error.getMessage()));
            }
        }
        return violations;
    }

    @Override
    public List<String> ruleNames() {
        return rules.stream().map(CompiledRule::name).toList();
    }

    @Override
    public JsonNode inputSchema() {
        return inputSchema;
    }

    @Override
    public JsonNode document() {
        return document;
    }

    private static String excerpt(JsonNode value) {
        if (value == null) {
            return null;
        }
        String text = value.isString() ? value.asString() : value.toString();
        return text.length() <= VALUE_EXCERPT ? text : text.substring(0, VALUE_EXCERPT) + "…";
    }
}
