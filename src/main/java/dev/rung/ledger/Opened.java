package dev.rung.ledger;

import java.util.UUID;

/**
 * The result of opening a task: a fresh one, or the task that already holds the idempotency key.
 */
public sealed interface Opened {

    record Fresh(UUID taskId) implements Opened {}

    record AlreadyExists(StoredTask existing) implements Opened {}
}
