package dev.rung.ledger;

import java.util.UUID;

/**
 * Published when a task's outcome is stored; {@code experimentId} and {@code arm} are null outside
 * experiments.
 */
public record TaskFinished(
        UUID taskId, String type, TaskStatus status, UUID experimentId, String arm) {}
