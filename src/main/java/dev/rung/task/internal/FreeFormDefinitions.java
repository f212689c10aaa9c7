package dev.rung.task.internal;

import com.networknt.schema.Schema;

import dev.rung.task.ConfidenceSource;
import dev.rung.task.FreeFormTasks;
import dev.rung.task.Grounding;
import dev.rung.task.RenderedPrompt;
import dev.rung.task.RequestCheck;
import dev.rung.task.RuleViolation;
import dev.rung.task.SourcePassage;
import dev.rung.task.Stakes;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.task.Tier;
import dev.rung.task.Verification;
import dev.rung.task.Violation;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Free-form types, built per call and never stored: the client's schema checked as a task type's
 * output schema is (strict mode's rules, then compiled for the answer check), its messages sent as
 * they are. They are the client's own prompt, not a sender's data, so no untrusted-input framing is
 * added.
 */
@Component
class FreeFormDefinitions implements FreeFormTasks {

    private static final String SCHEMA_AT = "/response_format/json_schema/schema";
    private static final int MAX_REPORTED = 5;

    /** The input of a free-form task: the client's system and user text. */
    private static final JsonNode INPUT_SCHEMA =
            JsonMapper.shared()
                    .readTree(
                            """
                            {"type":"object","additionalProperties":false,"required":["user"],
                             "properties":{"system":{"type":"string"},"user":{"type":"string"}}}\
                            """);

    @Override
    public Definition define(
            String policy,
            String system,
            JsonNode outputSchema,
            String schemaName,
            int maxOutputTokens) {
        List<Violation> violations = new ArrayList<>(JsonSchemas.problems(outputSchema, SCHEMA_AT));
        if (violations.isEmpty()) {
            violations.addAll(StrictModeRules.check(outputSchema, SCHEMA_AT));
        }
        if (!violations.isEmpty()) {
            return new Definition.Refused(violations);
        }
        Schema answers = JsonSchemas.compile(outputSchema);
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("slug", SLUG);
        document.put("policy", policy);
        document.put("schemaName", schemaName);
        document.set("outputSchema", outputSchema);
        document.put("maxOutputTokens", maxOutputTokens);
        return new Definition.Defined(
                new TaskDefinition(
                        SLUG,
                        0,
                        "A call shaped by its client, under policy " + policy,
                        outputSchema,
                        DefinitionValidator.requiredValues(outputSchema),
                        new ConfidenceSource.None(),
                        maxOutputTokens,
                        Tier.B,
                        Stakes.NONE,
                        Map.of(Tier.A, policy, Tier.B, policy),
                        new Prompt(system, schemaName, outputSchema),
                        new Contract(answers, document),
                        new Verification.None(),
                        new Grounding.None()));
    }

    /**
     * The client's messages as sent. The version names the system message and schema, so calls that
     * share them share the provider's prompt cache.
     */
    private record Prompt(String system, String version, String sha256)
            implements TaskDefinition.PromptTemplate {

        Prompt(String system, String schemaName, JsonNode schema) {
            this(system, VersionedPrompt.sha256(system + '\0' + schemaName + '\0' + schema));
        }

        private Prompt(String system, String sha256) {
            this(system, "ff-" + sha256.substring(0, 12), sha256);
        }

        @Override
        public RenderedPrompt render(JsonNode input, java.util.List<SourcePassage> sources) {
            return new RenderedPrompt(
                    system, input.path("user").asString(""), version, sha256, SLUG + ":" + version);
        }
    }

    private record Contract(Schema answers, JsonNode document) implements TaskDefinition.Contract {

        @Override
        public RequestCheck request(JsonNode body) {
            JsonNode input = body.path("input");
            if (!input.isObject() || !input.path("user").isString()) {
                return new RequestCheck.Invalid(
                        List.of(new Violation("/input/user", "the user's text is required")));
            }
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            if (input.path("system").isString() && !input.path("system").asString().isEmpty()) {
                kept.put("system", input.path("system").asString());
            }
            kept.put("user", input.path("user").asString());
            return new RequestCheck.Valid(
                    new TaskRequest(body.path("subjectId").asString(""), kept, Stakes.NONE));
        }

        @Override
        public List<Violation> answerViolations(JsonNode answer) {
            List<Violation> violations = JsonSchemas.violations(answers.validate(answer), "");
            return violations.size() > MAX_REPORTED
                    ? violations.subList(0, MAX_REPORTED)
                    : violations;
        }

        @Override
        public List<RuleViolation> ruleViolations(JsonNode answer, JsonNode input) {
            return List.of();
        }

        @Override
        public List<String> ruleNames() {
            return List.of();
        }

        @Override
        public JsonNode inputSchema() {
            return INPUT_SCHEMA;
        }
    }
}
