package dev.rung.checks;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.rung.gateway.FinishReason;
import dev.rung.gateway.ModelOutcome;
import dev.rung.task.RuleViolation;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskType;
import dev.rung.task.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks an answer in the order that gives the most useful evidence: a refusal or a cut-off answer first
 * (nothing else about them matters), then parseability, then missing values, business rules (so a label
 * outside the set names the label), the full JSON Schema, and finally confidence.
 */
@Component
public class AnswerChecker {

    private static final int MAX_REPORTED_ERRORS = 5;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<TaskType, Schema> schemas = new ConcurrentHashMap<>();

    public CheckOutcome check(TaskDefinition task, Tier tier, ModelOutcome.Answer answer) {
        if (answer.refusal().isPresent()) {
            return new CheckOutcome.Refusal(answer.refusal().get());
        }
        if (answer.finishReason() == FinishReason.LENGTH) {
            return new CheckOutcome.Truncated(answer.usage().output(), task.maxOutputTokens());
        }
        if (answer.parsed().isEmpty() || !answer.parsed().get().isObject()) {
            return new CheckOutcome.SchemaInvalid(List.of("answer is not a JSON object"));
        }
        JsonNode result = answer.parsed().get();
        List<String> missing = task.requiredValues().stream().filter(field -> isEmpty(result.get(field))).toList();
        if (!missing.isEmpty()) {
            return new CheckOutcome.MissingFields(missing);
        }
        List<RuleViolation> violations = task.rules().check(result);
        if (!violations.isEmpty()) {
            return new CheckOutcome.RuleFailed(violations);
        }
        List<String> schemaErrors = schemaErrors(task, result);
        if (!schemaErrors.isEmpty()) {
            return new CheckOutcome.SchemaInvalid(schemaErrors);
        }
        double confidence = result.path("confidence").asDouble(0);
        double threshold = task.confidenceThreshold(tier);
        if (confidence < threshold) {
            return new CheckOutcome.LowConfidence(confidence, threshold);
        }
        return new CheckOutcome.Pass(result);
    }

    private List<String> schemaErrors(TaskDefinition task, JsonNode result) {
        Schema schema = schemas.computeIfAbsent(task.type(), type -> registry.getSchema(task.outputSchema()));
        List<String> errors = new ArrayList<>();
        for (var error : schema.validate(result)) {
            if (errors.size() == MAX_REPORTED_ERRORS) {
                break;
            }
            errors.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return errors;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull()
                || (value.isString() && value.asString().isBlank())
                || (value.isArray() && value.isEmpty());
    }
}
