package dev.rung.jobs.internal;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a bulk job stands; stored in {@code bulk_job.status}, shown lower-case. */
enum JobStatus {
    /** Its tasks are being stored and their lines uploaded. */
    PREPARING,
    /** Its batches run at the provider; answers are checked and escalated as batches end. */
    WAITING,
    /** A cancel was asked: its open batches are being cancelled. */
    CANCELLING,
    /** Every task ended. */
    COMPLETED,
    /** Cancelled: what ran was kept and checked, the rest ended as cancelled. */
    CANCELLED;

    @JsonValue
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    boolean open() {
        return switch (this) {
            case PREPARING, WAITING, CANCELLING -> true;
            case COMPLETED, CANCELLED -> false;
        };
    }
}
