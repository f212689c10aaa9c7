package dev.rung.checks;

import dev.rung.task.ConfidenceSource;
import dev.rung.task.Grounding;
import dev.rung.task.RuleViolation;
import dev.rung.task.SourcePassage;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.task.Violation;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Checks an answer in the order that gives the most useful evidence: a refusal or a cut-off answer
 * first (nothing else about them matters), then parseability, missing values, the output schema
 * (which strict mode already enforces at the provider), the task type's named rules (what the
 * schema allows but the workflow does not), a grounded answer's citations ({@link CitationCheck}),
 * and finally confidence (the answer's own, its tokens' probability, or the lower of both). The
 * first failure is the attempt's one outcome.
 */
@Component
public class AnswerChecker {

    public CheckOutcome check(TaskDefinition task, Tier tier, Candidate answer, JsonNode input) {
        return check(task, tier, answer, input, List.of());
    }

    /**
     * @param sources the passages the model was given (a grounded type's): its citations are
     *     checked against them after the named rules, before confidence
     */
    public CheckOutcome check(
            TaskDefinition task,
            Tier tier,
            Candidate answer,
            JsonNode input,
            List<SourcePassage> sources) {
        if (answer.refusal().isPresent()) {
            return new CheckOutcome.Refusal(answer.refusal().get());
        }
        if (answer.truncated()) {
            return new CheckOutcome.Truncated(answer.outputTokens(), task.maxOutputTokens());
        }
        if (answer.parsed().isEmpty() || !answer.parsed().get().isObject()) {
            return new CheckOutcome.SchemaInvalid(
                    List.of(new Violation("", "the answer is not a JSON object")));
        }
        JsonNode result = answer.parsed().get();
        List<String> missing =
                task.requiredValues().stream().filter(field -> isEmpty(result.get(field))).toList();
        if (!missing.isEmpty()) {
            return new CheckOutcome.MissingFields(missing);
        }
        List<Violation> schemaErrors = task.contract().answerViolations(result);
        if (!schemaErrors.isEmpty()) {
            return new CheckOutcome.SchemaInvalid(schemaErrors);
        }
        List<RuleViolation> violations = task.contract().ruleViolations(result, input);
        if (!violations.isEmpty()) {
            return new CheckOutcome.RuleFailed(violations);
        }
        Optional<CheckOutcome> citations =
                switch (task.grounding()) {
                    case Grounding.None none -> Optional.empty();
                    case Grounding.FromSource source ->
                            CitationCheck.check(source, result, sources);
                };
        if (citations.isPresent()) {
            return citations.get();
        }
        return confidence(task.confidence(), tier, answer, result);
    }

    private static CheckOutcome confidence(
            ConfidenceSource source, Tier tier, Candidate answer, JsonNode result) {
        return switch (source) {
            case ConfidenceSource.None none -> new CheckOutcome.Pass(result);
            case ConfidenceSource.Field field ->
                    judged(
                            OptionalDouble.of(result.path(field.name()).asDouble(0)),
                            field.threshold(tier),
                            "field",
                            result);
            case ConfidenceSource.TokenProbability spelled ->
                    judged(
                            tokenProbability(answer, spelled.of()),
                            spelled.threshold(tier),
                            "logprobs",
                            result);
            case ConfidenceSource.Lower lower -> {
                double own = result.path(lower.field()).asDouble(0);
                OptionalDouble tokens = tokenProbability(answer, lower.of());
                // Without log-probabilities the answer's own confidence is all there is.
                yield judged(
                        OptionalDouble.of(
                                tokens.isPresent() ? Math.min(own, tokens.getAsDouble()) : own),
                        lower.threshold(tier),
                        "lower",
                        result);
            }
        };
    }

    private static OptionalDouble tokenProbability(Candidate answer, String field) {
        return answer.tokens()
                .map(tokens -> SpelledProbability.of(answer.text(), tokens, field))
                .orElse(OptionalDouble.empty());
    }

    private static CheckOutcome judged(
            OptionalDouble confidence, double threshold, String source, JsonNode result) {
        if (confidence.isEmpty()) {
            return new CheckOutcome.LowConfidence(null, threshold, source);
        }
        return confidence.getAsDouble() < threshold
                ? new CheckOutcome.LowConfidence(confidence.getAsDouble(), threshold, source)
                : new CheckOutcome.Pass(result, confidence);
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null
                || value.isNull()
                || (value.isString() && value.asString().isBlank())
                || (value.isArray() && value.isEmpty());
    }
}
