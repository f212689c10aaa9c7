package dev.rung.delivery.internal;

import dev.rung.ledger.StoredTask;
import dev.rung.task.TaskCatalog;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The tags an agent left on a ticket, read as an answer: of the ticket's tags, those the task type
 * allows for the field (a ticket has tags of its own that no answer could hold). A correction when
 * they differ from Rung's.
 */
@Component
class ZendeskTags {

    private final TaskCatalog catalog;
    private final JsonMapper json;

    ZendeskTags(TaskCatalog catalog, JsonMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    Optional<JsonNode> corrected(
            StoredTask task, String field, JsonNode ticketTags, JsonNode written) {
        Set<String> allowed = allowed(task, field);
        Set<String> now = new LinkedHashSet<>();
        ticketTags.forEach(
                tag -> {
                    if (allowed.contains(tag.asString(""))) {
                        now.add(tag.asString(""));
                    }
                });
        Set<String> wrote = new HashSet<>();
        written.forEach(tag -> wrote.add(tag.asString("")));
        if (now.isEmpty() || now.equals(wrote)) {
            return Optional.empty();
        }
        JsonNode answered = task.result() == null ? null : task.result().path(field);
        if (answered != null && answered.isString()) {
            return Optional.of(json.getNodeFactory().stringNode(now.iterator().next()));
        }
        var tags = json.createArrayNode();
        now.forEach(tags::add);
        return Optional.of(tags);
    }

    private Set<String> allowed(StoredTask task, String field) {
        var type =
                task.typeVersion() == null
                        ? catalog.current(task.type())
                        : catalog.version(task.type(), task.typeVersion());
        Set<String> allowed = new HashSet<>();
        type.ifPresent(
                definition -> {
                    JsonNode property = definition.outputSchema().path("properties").path(field);
                    JsonNode values =
                            property.has("items")
                                    ? property.path("items").path("enum")
                                    : property.path("enum");
                    values.forEach(value -> allowed.add(value.asString("")));
                });
        return allowed;
    }
}
