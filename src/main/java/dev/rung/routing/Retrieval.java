package dev.rung.routing;

import dev.rung.knowledge.KnowledgeBase;
import dev.rung.knowledge.SourceUse;
import dev.rung.task.Grounding;
import dev.rung.task.SourcePassage;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A grounded task's sources: the passages of its type's knowledge source that best match the fields
 * its definition names, retrieved once per task (every rung is asked with the same ones), and after
 * an answer is accepted, the documents it cites that changed meanwhile.
 */
@Component
class Retrieval {

    private final KnowledgeBase knowledge;
    private final SourceUse uses;

    Retrieval(KnowledgeBase knowledge, SourceUse uses) {
        this.knowledge = knowledge;
        this.uses = uses;
    }

    /** The passages for the task, best first; none for an ungrounded type. */
    List<SourcePassage> sources(TaskDefinition task, TaskRequest request) {
        return switch (task.grounding()) {
            case Grounding.None none -> List.of();
            case Grounding.FromSource source -> {
                String query = source.query(request.input());
                yield query.isBlank()
                        ? List.of()
                        : knowledge.search(source.source(), query, source.passages()).stream()
                                .map(
                                        passage ->
                                                new SourcePassage(
                                                        passage.id(),
                                                        passage.documentId(),
                                                        passage.version(),
                                                        passage.heading(),
                                                        passage.text()))
                                .toList();
            }
        };
    }

    /** The passage ids an accepted answer cites. */
    static List<String> cited(Grounding.FromSource source, JsonNode result) {
        return result.path(source.citationsField())
                .valueStream()
                .map(citation -> citation.path("passage").asString(""))
                .filter(id -> !id.isEmpty())
                .distinct()
                .toList();
    }

    /**
     * Cited documents replaced by a newer version in effect since the task's passages were read.
     */
    List<SourceUse.Superseded> superseded(Grounding.FromSource source, List<String> cited) {
        return uses.superseded(source.source(), cited);
    }
}
