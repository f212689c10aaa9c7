package dev.rung.task.internal;

import dev.rung.task.ConfidenceSource;
import dev.rung.task.DefinitionCheck;
import dev.rung.task.Grounding;
import dev.rung.task.Stakes;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Tier;
import dev.rung.task.Verification;
import dev.rung.task.Violation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a definition document into a compiled, checked {@link TaskDefinition}: read, validated on
 * its own ({@link DefinitionValidator}), compiled, then checked by the other modules ({@link
 * DefinitionCheck}).
 */
@Component
class Definitions {

    private final JsonMapper json;
    private final ObjectProvider<DefinitionCheck> checks;

    Definitions(JsonMapper json, ObjectProvider<DefinitionCheck> checks) {
        this.json = json;
        this.checks = checks;
    }

    /**
     * The document read as a definition; a field of the wrong shape or an unknown field is a
     * violation.
     */
    TaskTypeSpec read(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new InvalidDefinition(List.of(new Violation("", "must be a JSON object")));
        }
        try {
            return json.treeToValue(document, TaskTypeSpec.class);
        } catch (DatabindException e) {
            throw new InvalidDefinition(List.of(new Violation(pointer(e), problem(e))));
        }
    }

    /**
     * Validates and compiles one version; throws {@link InvalidDefinition} with every problem
     * found.
     */
    TaskDefinition compile(TaskTypeSpec spec, int version) {
        List<Violation> violations = DefinitionValidator.validate(spec);
        if (!violations.isEmpty()) {
            throw new InvalidDefinition(violations);
        }
        return define(spec, version);
    }

    /**
     * The checks of the other modules, which depend on configuration (routing's policies, say): run
     * before a version is stored and on every current version at start-up, not when an older
     * version is loaded to finish its tasks.
     */
    TaskDefinition checked(TaskDefinition definition) {
        List<Violation> external = new ArrayList<>();
        checks.orderedStream().forEach(check -> external.addAll(check.check(definition)));
        if (!external.isEmpty()) {
            throw new InvalidDefinition(external);
        }
        return definition;
    }

    /** The definition as stored and shown: the document as read, in its own order. */
    JsonNode document(TaskTypeSpec spec) {
        return json.valueToTree(spec);
    }

    /** Equal hashes: the same definition, so no new version. */
    String contentSha256(TaskTypeSpec spec) {
        return VersionedPrompt.sha256(json.writeValueAsString(document(spec)));
    }

    private TaskDefinition define(TaskTypeSpec spec, int version) {
        var template = new UserTemplate(spec.prompt().userTemplate(), json);
        Grounding grounding = grounding(spec.knowledge());
        JsonNode outputSchema =
                switch (grounding) {
                    case Grounding.None none -> spec.outputSchema();
                    case Grounding.FromSource source ->
                            CitationSchema.withCitations(spec.outputSchema(), source);
                };
        var prompt =
                new VersionedPrompt(
                        spec.slug(),
                        spec.prompt().version(),
                        spec.prompt().instructions(),
                        template,
                        outputSchema,
                        grounding instanceof Grounding.FromSource source
                                ? new SourcesBlock(source, json)
                                : null);
        ConfidenceSource confidence = confidenceSource(spec.confidence());
        Tier defaultTier =
                spec.tiers() == null || spec.tiers().defaultTier() == null
                        ? Tier.B
                        : spec.tiers().defaultTier();
        Map<Tier, String> policies =
                spec.tiers() == null || spec.tiers().policies() == null
                        ? Map.of()
                        : Map.copyOf(spec.tiers().policies());
        return new TaskDefinition(
                spec.slug(),
                version,
                spec.description(),
                outputSchema,
                // The citations field is judged by the citation checks, not as a value to fill.
                DefinitionValidator.requiredValues(spec.outputSchema()),
                confidence,
                spec.maxOutputTokens(),
                defaultTier,
                spec.stakes() == null ? Stakes.NONE : spec.stakes(),
                policies,
                prompt,
                new CompiledContract(spec, outputSchema, document(spec)),
                verification(spec.verifier()),
                grounding);
    }

    private static Grounding grounding(TaskTypeSpec.KnowledgeSpec spec) {
        if (spec == null) {
            return new Grounding.None();
        }
        return new Grounding.FromSource(
                spec.source(),
                spec.query(),
                spec.passagesOrDefault(),
                spec.citationsOrDefault(),
                spec.claims());
    }

    private static String pointer(DatabindException e) {
        StringBuilder pointer = new StringBuilder();
        for (var reference : e.getPath()) {
            pointer.append('/')
                    .append(
                            reference.getPropertyName() != null
                                    ? SchemaWalk.escape(reference.getPropertyName())
                                    : String.valueOf(reference.getIndex()));
        }
        return pointer.toString();
    }

    private static String problem(DatabindException e) {
        if (e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) {
            return "is not a field of a task type definition";
        }
        return "has the wrong shape: "
                + e.getOriginalMessage().replaceAll("\\s*\\(through reference chain.*$", "");
    }

    private static ConfidenceSource confidenceSource(TaskTypeSpec.ConfidenceSpec spec) {
        if (spec == null) {
            return new ConfidenceSource.None();
        }
        var thresholds = new EnumMap<>(spec.thresholds());
        int top = spec.topLogprobs() == null ? 0 : spec.topLogprobs();
        return switch (spec.sourceOrDefault()) {
            case FIELD -> new ConfidenceSource.Field(spec.field(), thresholds);
            case LOGPROBS -> new ConfidenceSource.TokenProbability(spec.of(), top, thresholds);
            case LOWER -> new ConfidenceSource.Lower(spec.field(), spec.of(), top, thresholds);
        };
    }

    private static Verification verification(TaskTypeSpec.VerifierSpec spec) {
        if (spec == null) {
            return new Verification.None();
        }
        boolean onLastRung = Boolean.TRUE.equals(spec.onLastRung());
        return switch (spec.kind()) {
            case MODEL ->
                    new Verification.ModelJudge(
                            spec.model(),
                            spec.instructions() == null ? "" : spec.instructions(),
                            onLastRung);
            case SELF_CONSISTENCY ->
                    new Verification.SelfConsistency(List.copyOf(spec.agreeOn()), onLastRung);
        };
    }
}
