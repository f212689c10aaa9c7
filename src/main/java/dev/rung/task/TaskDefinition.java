package dev.rung.task;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One immutable version of a task type, compiled from its definition (a YAML file or a {@code POST
 * /v1/task-types}): the strict output schema sent to the model, the values an answer must carry,
 * the named rules, where confidence comes from, the prompt, the output token cap, and how tasks of
 * the type are tiered. A change to a definition makes a new version; a task records the version it
 * ran on.
 *
 * @param requiredValues top-level answer fields the output schema does not allow to be null: an
 *     answer that leaves one null, blank or empty fails with {@code missing_fields}
 * @param defaultStakes stakes every task of the type carries on top of the caller's
 * @param tierPolicies the policy each tier uses when the type names one; otherwise routing's
 *     defaults apply
 * @param verification what checks a draft that passed the machine checks, before it is accepted
 * @param grounding the knowledge source its answers must cite, if any
 */
public record TaskDefinition(
        String slug,
        int version,
        String description,
        JsonNode outputSchema,
        List<String> requiredValues,
        ConfidenceSource confidence,
        int maxOutputTokens,
        Tier defaultTier,
        Stakes defaultStakes,
        Map<Tier, String> tierPolicies,
        PromptTemplate prompt,
        Contract contract,
        Verification verification,
        Grounding grounding) {

    /** The {@code json_schema.name} sent with the output schema. */
    public String schemaName() {
        return slug.replace('-', '_');
    }

    public RenderedPrompt render(TaskRequest request) {
        return prompt.render(request.input(), java.util.List.of());
    }

    /** The prompt with the passages retrieved for this task as its sources. */
    public RenderedPrompt render(TaskRequest request, List<SourcePassage> sources) {
        return prompt.render(request.input(), sources);
    }

    /**
     * What a version checks, each against its own JSON Schema: requests, answers, and the answer
     * rules.
     */
    public interface Contract {

        /**
         * A caller's body ({@code subjectId}, {@code input}, {@code stakes}) against the input
         * schema.
         */
        RequestCheck request(JsonNode body);

        /** An answer against the output schema; empty when it conforms. */
        List<Violation> answerViolations(JsonNode answer);

        /**
         * An answer against the named rules (which may refer to the task's input); empty when it
         * follows them.
         */
        List<RuleViolation> ruleViolations(JsonNode answer, JsonNode input);

        List<String> ruleNames();

        /** The JSON Schema of a task's input. */
        JsonNode inputSchema();

        /** The definition as written, with its schemas. */
        JsonNode document();
    }

    /** Renders the versioned prompt for one input. */
    public interface PromptTemplate {

        /**
         * The messages for one input; {@code sources} (passages of the type's knowledge source)
         * follow the input as untrusted reference text, and are empty for an ungrounded type.
         */
        RenderedPrompt render(JsonNode input, List<SourcePassage> sources);

        String version();

        /**
         * SHA-256 of everything static in the prompt: equal hashes mean the model was asked the
         * same way.
         */
        String sha256();
    }
}
