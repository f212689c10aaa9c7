package dev.rung.task.internal;

import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskType;
import dev.rung.task.Tier;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds every task definition once at startup from {@code rung.tasks.*}; fails fast on a missing type. */
@Component
class ConfiguredTaskCatalog implements TaskCatalog {

    private final Map<TaskType, TaskDefinition> definitions = new EnumMap<>(TaskType.class);

    ConfiguredTaskCatalog(TaskProperties properties, JsonMapper json) {
        for (TaskType type : TaskType.values()) {
            TaskProperties.TaskSettings settings = properties.tasks().get(type.slug());
            if (settings == null) {
                throw new IllegalStateException("rung.tasks." + type.slug() + " is not configured");
            }
            definitions.put(type, define(type, settings, json));
        }
    }

    private static TaskDefinition define(TaskType type, TaskProperties.TaskSettings settings, JsonMapper json) {
        List<String> labels = settings.labels() == null ? List.of() : List.copyOf(settings.labels());
        if (type != TaskType.FIELD_EXTRACTION && labels.isEmpty()) {
            throw new IllegalStateException("rung.tasks." + type.slug() + ".labels must list at least one value");
        }
        JsonNode schema = switch (type) {
            case LEAD_CLASSIFICATION -> LeadClassificationSpec.schema(labels);
            case TICKET_TAGGING -> TicketTaggingSpec.schema(labels);
            case FIELD_EXTRACTION -> FieldExtractionSpec.schema();
        };
        TaskDefinition.AnswerRules rules = switch (type) {
            case LEAD_CLASSIFICATION -> answer -> LeadClassificationSpec.rules(answer, labels);
            case TICKET_TAGGING -> answer -> TicketTaggingSpec.rules(answer, labels);
            case FIELD_EXTRACTION -> FieldExtractionSpec::rules;
        };
        List<String> required = switch (type) {
            case LEAD_CLASSIFICATION -> LeadClassificationSpec.REQUIRED_VALUES;
            case TICKET_TAGGING -> TicketTaggingSpec.REQUIRED_VALUES;
            case FIELD_EXTRACTION -> FieldExtractionSpec.REQUIRED_VALUES;
        };
        String instructions = settings.prompt().instructions().replace("{labels}", String.join(", ", labels));
        var prompt = new VersionedPrompt(type.slug(), settings.prompt().version(), instructions, schema, json);
        Map<Tier, Double> thresholds = Map.of(
                Tier.A, settings.confidenceThreshold().tierA(),
                Tier.B, settings.confidenceThreshold().tierB());
        return new TaskDefinition(type, labels, thresholds, settings.maxOutputTokens(),
                type.slug().replace('-', '_'), schema, required, rules, prompt);
    }

    @Override
    public TaskDefinition definition(TaskType type) {
        return definitions.get(type);
    }

    @Override
    public Collection<TaskDefinition> all() {
        return definitions.values();
    }
}
