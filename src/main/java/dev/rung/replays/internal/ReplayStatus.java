package dev.rung.replays.internal;

import java.util.Locale;

/** Where a replay is: running, or ended and why. */
enum ReplayStatus {
    RUNNING,
    /** Every task of the window was replayed (or skipped as erased). */
    COMPLETED,
    /** Stopped by a person. */
    CANCELLED,
    /** Stopped when what it spent reached its spend cap. */
    CAPPED,
    /** Stopped by an error, which it names. */
    FAILED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReplayStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
