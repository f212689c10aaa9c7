package dev.rung.ledger;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a task stands; stored in {@code task.status} and shown in the API as the lower-case name.
 */
public enum TaskStatus {
    /** Stored to be run by an asynchronous worker. */
    QUEUED,
    /** A worker or a request is walking its ladder. */
    RUNNING,
    SUCCEEDED,
    FAILED;

    /** As stored and shown: {@code queued}, {@code running}, {@code succeeded}, {@code failed}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wire();
    }
}
