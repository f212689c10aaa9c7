package dev.rung.ledger;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** An async task a worker has taken: the stored request and the route it was given when accepted. */
public record QueuedTask(UUID id, String type, JsonNode request, String tier, String policy, UUID experimentId, String arm,
        Instant createdAt) {
}
