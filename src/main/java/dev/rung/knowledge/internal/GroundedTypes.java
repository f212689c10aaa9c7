package dev.rung.knowledge.internal;

import dev.rung.task.DefinitionCheck;
import dev.rung.task.Grounding;
import dev.rung.task.TaskDefinition;
import dev.rung.task.Violation;

import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A task type that answers from a knowledge source names one that exists: a typo would otherwise
 * give every task an empty set of sources and fail it on its citations.
 */
@Component
class GroundedTypes implements DefinitionCheck {

    private final DocumentStore store;

    GroundedTypes(DocumentStore store) {
        this.store = store;
    }

    @Override
    public List<Violation> check(TaskDefinition definition) {
        return switch (definition.grounding()) {
            case Grounding.None none -> List.of();
            case Grounding.FromSource source ->
                    store.language(source.source()).isPresent()
                            ? List.of()
                            : List.of(
                                    new Violation(
                                            "/knowledge/source",
                                            "there is no knowledge source "
                                                    + source.source()
                                                    + ": load a document first (POST"
                                                    + " /v1/knowledge/"
                                                    + source.source()
                                                    + "/documents)"));
        };
    }
}
