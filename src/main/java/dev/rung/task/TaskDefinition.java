package dev.rung.task;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Everything Rung knows about one task type once configuration is applied: the strict output schema
 * sent to the model, the values an answer must carry, the business rules and the prompt.
 */
public record TaskDefinition(
        TaskType type,
        List<String> allowedLabels,
        Map<Tier, Double> confidenceThresholds,
        int maxOutputTokens,
        String schemaName,
        JsonNode outputSchema,
        List<String> requiredValues,
        AnswerRules rules,
        PromptTemplate prompt) {

    public double confidenceThreshold(Tier tier) {
        return confidenceThresholds.get(tier);
    }

    public RenderedPrompt render(TaskRequest request) {
        return prompt.render(request.input());
    }

    /** Checks the business rules of this task type; an empty list means the answer follows them. */
    @FunctionalInterface
    public interface AnswerRules {
        List<RuleViolation> check(JsonNode answer);
    }

    /** Renders the versioned prompt for one input. */
    public interface PromptTemplate {
        RenderedPrompt render(Object input);

        String version();

        /** SHA-256 of everything static in the prompt: equal hashes mean the model was asked the same way. */
        String sha256();
    }
}
