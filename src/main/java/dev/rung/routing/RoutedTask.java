package dev.rung.routing;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** The end of a task's walk up the ladder: the accepted answer, or why there is none. */
public record RoutedTask(
        Route route,
        Optional<JsonNode> result,
        Optional<Decision.StopReason> stopReason,
        List<AttemptRecord> attempts) {

    public boolean succeeded() {
        return result.isPresent();
    }
}
