package dev.rung.ledger;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * An async task a worker has taken: its type and the version it was accepted with ({@code null} for
 * a task accepted before versions existed), its subject and input, and the route it was given when
 * accepted.
 */
public record QueuedTask(
        UUID id,
        String type,
        Integer typeVersion,
        String subjectId,
        JsonNode input,
        String tier,
        String policy,
        UUID experimentId,
        String arm,
        Instant createdAt,
        /* The caller's deadline; null when none was given. */
        Instant deadline,
        /* Where it came from: api (an asynchronous call) or the webhook source that delivered it. */
        String source) {}
