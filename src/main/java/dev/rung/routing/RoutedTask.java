package dev.rung.routing;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The end of a task's walk up the ladder: the accepted answer, or why there is none. */
public record RoutedTask(Route route, Optional<JsonNode> result, Optional<Decision.StopReason> stopReason,
        List<AttemptRecord> attempts) {

    public boolean succeeded() {
        return result.isPresent();
    }
}
