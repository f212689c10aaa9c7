package dev.rung.task.internal;

import dev.rung.task.TaskDefinition;

import io.swagger.v3.oas.annotations.media.Schema;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** How task types look over REST. */
final class TaskTypeViews {

    private TaskTypeViews() {}

    @Schema(name = "TaskTypeSummary")
    record Summary(
            String slug,
            int version,
            String description,
            String promptVersion,
            List<String> rules) {}

    @Schema(name = "TaskType")
    record Detail(
            String slug,
            int version,
            String description,
            @Schema(allowableValues = {"shipped", "api"}) String source,
            String createdBy,
            Instant createdAt,
            @Schema(implementation = Definition.class) JsonNode definition,
            @Schema(description = "Every version, newest first") List<Version> versions) {}

    @Schema(name = "TaskTypeVersion")
    record Version(
            int version,
            String contentSha256,
            String promptVersion,
            String promptSha256,
            @Schema(allowableValues = {"shipped", "api"}) String source,
            String createdBy,
            Instant createdAt) {}

    /** Documents the definition's shape; requests are read from JSON into {@link TaskTypeSpec}. */
    @Schema(
            name = "TaskTypeDefinition",
            requiredProperties = {
                "slug",
                "description",
                "inputSchema",
                "outputSchema",
                "prompt",
                "maxOutputTokens"
            })
    record Definition(
            @Schema(example = "lead-classification", pattern = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
                    String slug,
            String description,
            @Schema(
                            description =
                                    "Another name the input may travel under in a request body,"
                                            + " besides input")
                    String inputAlias,
            @Schema(description = "JSON Schema (2020-12) of a task's input")
                    Map<String, Object> inputSchema,
            @Schema(
                            description =
                                    "JSON Schema of the answer, sent to the model in strict mode:"
                                        + " every object closed, every property required (nullable"
                                        + " for optional)")
                    Map<String, Object> outputSchema,
            List<Rule> rules,
            @Schema(description = "Absent: no confidence check") Confidence confidence,
            Prompt prompt,
            @Schema(minimum = "1", maximum = "128000") int maxOutputTokens,
            Tiers tiers,
            @Schema(description = "Stakes flags every task of the type carries")
                    Map<String, Boolean> stakes,
            @Schema(
                            description =
                                    "What judges a draft the checks passed before it is accepted;"
                                            + " absent: nothing")
                    Verifier verifier,
            @Schema(
                            description =
                                    "The knowledge source answers come from, with citations;"
                                            + " absent: the model answers from what it knows")
                    Knowledge knowledge) {}

    @Schema(
            name = "TaskTypeKnowledge",
            requiredProperties = {"source", "query", "claims"})
    record Knowledge(
            @Schema(
                            description =
                                    "A knowledge source (POST /v1/knowledge/{source}/documents)",
                            example = "pricing")
                    String source,
            @Schema(
                            description = "Input fields whose text is searched, as dotted paths",
                            example = "[\"lead.message\"]")
                    List<String> query,
            @Schema(
                            description = "Passages placed in the prompt, best first; default 5",
                            minimum = "1",
                            maximum = "20")
                    Integer passages,
            @Schema(
                            description =
                                    "The answer field Rung adds for the citations (each {passage,"
                                            + " quote, supports}); default citations")
                    String citations,
            @Schema(
                            description =
                                    "Top-level answer fields that need a citation whenever they"
                                            + " hold a value",
                            example = "[\"pricePerSeatUsd\"]")
                    List<String> claims) {}

    @Schema(name = "TaskTypeVerifier")
    record Verifier(
            @Schema(
                            description =
                                    "model: a judge model reads the instructions, the input and the"
                                        + " draft and answers {verdict: accept|reject, reason};"
                                        + " self-consistency: the draft's model is asked again and"
                                        + " must agree on agreeOn",
                            allowableValues = {"model", "self-consistency"},
                            requiredMode = Schema.RequiredMode.REQUIRED)
                    String kind,
            @Schema(description = "The judge's model (kind model)", example = "gpt-5.4-mini")
                    String model,
            @Schema(
                            description =
                                    "What the judge should look for, beyond the task's own"
                                            + " instructions (kind model)",
                            maxLength = 4000)
                    String instructions,
            @Schema(description = "Answer fields two samples must agree on (kind self-consistency)")
                    List<String> agreeOn,
            @Schema(
                            description =
                                    "Verify the last rung's draft too (a rejection there fails the"
                                            + " task); default false")
                    Boolean onLastRung) {}

    @Schema(name = "TaskTypeRule")
    record Rule(
            @Schema(pattern = "^[a-z][a-z0-9_]*$") String name,
            String description,
            @Schema(
                            description =
                                    "JSON Schema (2020-12) the whole answer must satisfy;"
                                            + " {\"$input\": pointer} as the value of enum or const"
                                            + " takes values from the task's input")
                    Map<String, Object> schema) {}

    @Schema(name = "TaskTypeConfidence")
    record Confidence(
            @Schema(
                            description =
                                    "field (default): the answer's own confidence; logprobs: the"
                                        + " probability of the tokens that spell the value at of"
                                        + " (the provider must return log-probabilities, OpenAI"
                                        + " only with reasoning effort none); lower: the lower of"
                                        + " both",
                            allowableValues = {"field", "logprobs", "lower"})
                    String source,
            @Schema(description = "A number field of the answer, 0 to 1 (field, lower)")
                    String field,
            @Schema(
                            description =
                                    "The answer field whose tokens' probability is the confidence:"
                                        + " a string (label), boolean or list of strings (logprobs,"
                                        + " lower)")
                    String of,
            @Schema(
                            description =
                                    "Alternatives per token to ask for (top_logprobs), kept as"
                                            + " evidence",
                            minimum = "0",
                            maximum = "20")
                    Integer topLogprobs,
            @Schema(description = "Per tier (A, B): below it the answer fails with low_confidence")
                    Map<String, Double> thresholds) {}

    @Schema(name = "TaskTypePrompt")
    record Prompt(
            String version,
            String instructions,
            @Schema(
                            description =
                                    "{{input}} or {{input.field}} where the input goes, each"
                                            + " wrapped as untrusted data; default {{input}}")
                    String userTemplate) {}

    @Schema(name = "TaskTypeTiers")
    record Tiers(
            @Schema(
                            name = "default",
                            allowableValues = {"A", "B"})
                    String defaultTier,
            @Schema(description = "Routing policy per tier (A, B)") Map<String, String> policies) {}

    static Summary summary(TaskDefinition definition) {
        return new Summary(
                definition.slug(),
                definition.version(),
                definition.description(),
                definition.prompt().version(),
                definition.contract().ruleNames());
    }

    static Detail detail(
            TaskTypeStore.StoredVersion shown, List<TaskTypeStore.StoredVersion> history) {
        return new Detail(
                shown.slug(),
                shown.version(),
                shown.definition().path("description").asString(null),
                source(shown),
                shown.createdBy(),
                shown.createdAt(),
                shown.definition(),
                history.stream()
                        .map(
                                v ->
                                        new Version(
                                                v.version(),
                                                v.contentSha256(),
                                                v.promptVersion(),
                                                v.promptSha256(),
                                                source(v),
                                                v.createdBy(),
                                                v.createdAt()))
                        .toList());
    }

    private static String source(TaskTypeStore.StoredVersion version) {
        return version.source().name().toLowerCase(java.util.Locale.ROOT);
    }
}
