package dev.rung.task.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.rung.task.Stakes;
import dev.rung.task.Tier;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A task type definition as a team writes it (a YAML file in {@code task-types/}, or the body of
 * {@code POST /v1/task-types}). Nothing here is trusted until {@link DefinitionValidator} has
 * checked it.
 *
 * @param inputAlias another name the input may travel under in a request body, besides {@code
 *     input} (the built-in types keep their older bodies working: {@code lead}, {@code ticket},
 *     {@code form})
 * @param rules named JSON Schemas every answer must satisfy, beyond the output schema
 * @param confidence where the answer's confidence comes from; absent for none
 * @param stakes stakes flags every task of the type carries
 * @param verifier what judges a draft the checks passed, before it is accepted; absent for nothing
 * @param knowledge the knowledge source answers come from, with citations; absent for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TaskTypeSpec(
        String slug,
        String description,
        String inputAlias,
        JsonNode inputSchema,
        JsonNode outputSchema,
        List<RuleSpec> rules,
        ConfidenceSpec confidence,
        PromptSpec prompt,
        Integer maxOutputTokens,
        TierSpec tiers,
        Stakes stakes,
        VerifierSpec verifier,
        KnowledgeSpec knowledge) {

    /**
     * @param source a knowledge source (loaded with {@code POST /v1/knowledge/{source}/documents})
     * @param query the input fields whose text is the search query, as dotted paths ({@code
     *     lead.message})
     * @param passages how many passages, best first, go in the prompt: 1 to 20, default 5
     * @param citations the answer field for the citations, added to the output schema; default
     *     {@code citations}
     * @param claims the top-level answer fields that need a citation whenever they hold a value
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KnowledgeSpec(
            String source,
            List<String> query,
            Integer passages,
            String citations,
            List<String> claims) {

        static final int DEFAULT_PASSAGES = 5;
        static final String DEFAULT_CITATIONS = "citations";

        int passagesOrDefault() {
            return passages == null ? DEFAULT_PASSAGES : passages;
        }

        String citationsOrDefault() {
            return citations == null ? DEFAULT_CITATIONS : citations;
        }
    }

    /**
     * @param schema a JSON Schema (2020-12) applied to the whole answer; {@code {"$input":
     *     pointer}} takes values from the input
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuleSpec(String name, String description, JsonNode schema) {}

    /**
     * @param source {@code field} (the default), {@code logprobs} or {@code lower} (of both)
     * @param field the answer's number field holding the model's own confidence (field, lower)
     * @param of the answer field whose tokens' probability is the confidence (logprobs, lower)
     * @param topLogprobs alternatives per token to ask the provider for (0 to 20), kept as evidence
     * @param thresholds per tier: an answer below its tier's threshold fails with low_confidence
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConfidenceSpec(
            ConfidenceKind source,
            String field,
            String of,
            Integer topLogprobs,
            Map<Tier, Double> thresholds) {

        ConfidenceKind sourceOrDefault() {
            return source == null ? ConfidenceKind.FIELD : source;
        }
    }

    /**
     * @param kind {@code model} (a judge model) or {@code self-consistency} (a second sample)
     * @param model the judge's model (kind model)
     * @param instructions what the judge should look for, beyond the task's instructions
     * @param agreeOn the answer fields two samples must agree on (kind self-consistency)
     * @param onLastRung whether the last rung's draft is verified too; default false
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifierSpec(
            VerifierKind kind,
            String model,
            String instructions,
            List<String> agreeOn,
            Boolean onLastRung) {}

    enum VerifierKind {
        @JsonProperty("model")
        MODEL,
        @JsonProperty("self-consistency")
        SELF_CONSISTENCY
    }

    /** Where a task type's confidence comes from, as its definition names it. */
    enum ConfidenceKind {
        @JsonProperty("field")
        FIELD,
        @JsonProperty("logprobs")
        LOGPROBS,
        @JsonProperty("lower")
        LOWER
    }

    /**
     * @param version names the prompt in attempts and the provider's prompt cache key; change it
     *     with the instructions
     * @param userTemplate where the input goes: {@code {{input}}} for all of it, {@code
     *     {{input.field}}} for one field; each placed value is wrapped as untrusted data. Absent:
     *     {@code {{input}}}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PromptSpec(String version, String instructions, String userTemplate) {}

    /**
     * @param defaultTier the tier of a task without stakes flags
     * @param policies the routing policy per tier; a tier left out uses routing's default for that
     *     tier
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TierSpec(@JsonProperty("default") Tier defaultTier, Map<Tier, String> policies) {}
}
