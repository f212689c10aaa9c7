package dev.rung.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rung.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI rejects a strict Structured Outputs schema that breaks its rules, and then every call of that task type
 * fails with a 400. Every configured schema is checked here instead of in production.
 */
class OutputSchemaStrictModeTest extends IntegrationTest {

    private static final Set<String> UNSUPPORTED = Set.of("allOf", "not", "if", "then", "else", "dependentRequired",
            "dependentSchemas", "patternProperties", "oneOf", "maxLength", "minLength");

    @Autowired
    TaskCatalog catalog;

    @Test
    void everyOutputSchemaFollowsOpenAiStrictModeRules() {
        for (TaskDefinition definition : catalog.all()) {
            JsonNode schema = definition.outputSchema();
            assertThat(schema.path("type").asString()).as(definition.type() + " root").isEqualTo("object");
            List<String> problems = new ArrayList<>();
            walk(schema, "$", 1, problems);
            assertThat(problems).as(definition.type().slug()).isEmpty();
        }
    }

    @Test
    void requiredValuesAndLabelsAreInTheSchema() {
        for (TaskDefinition definition : catalog.all()) {
            JsonNode properties = definition.outputSchema().path("properties");
            definition.requiredValues().forEach(field -> assertThat(properties.has(field)).as(field).isTrue());
        }
        JsonNode labels = catalog.definition(TaskType.LEAD_CLASSIFICATION).outputSchema().path("properties").path("label").path("enum");
        assertThat(labels.valueStream().map(JsonNode::asString)).containsExactly("sales-ready", "nurture", "disqualified", "spam");
    }

    private static void walk(JsonNode node, String path, int depth, List<String> problems) {
        if (depth > 10) {
            problems.add(path + ": nested deeper than 10 levels");
        }
        node.propertyNames().stream().filter(UNSUPPORTED::contains)
                .forEach(keyword -> problems.add(path + ": uses unsupported keyword " + keyword));
        if (isObject(node)) {
            if (!node.path("additionalProperties").isBoolean() || node.path("additionalProperties").asBoolean()) {
                problems.add(path + ": additionalProperties must be false");
            }
            Set<String> required = new HashSet<>();
            node.path("required").forEach(name -> required.add(name.asString()));
            node.path("properties").propertyNames().stream().filter(name -> !required.contains(name))
                    .forEach(name -> problems.add(path + "." + name + ": every property must be required"));
            node.path("properties").properties().forEach(p -> walk(p.getValue(), path + "." + p.getKey(), depth + 1, problems));
        }
        if (node.has("items")) {
            walk(node.path("items"), path + "[]", depth + 1, problems);
        }
        if (node.has("enum") && node.path("enum").size() > 1000) {
            problems.add(path + ": more than 1,000 enum values");
        }
    }

    private static boolean isObject(JsonNode node) {
        JsonNode type = node.path("type");
        return type.isString() ? type.asString().equals("object")
                : type.valueStream().anyMatch(t -> t.asString().equals("object"));
    }
}
