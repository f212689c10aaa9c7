package dev.rung.experiments.internal;

import java.util.Locale;

/** Where an experiment stands; stored in {@code experiment.status} as the lower-case name. */
enum ExperimentStatus {
    /** Created, not started: no task joins it. */
    DRAFT,
    /** Assigning subjects to both arms. */
    RUNNING,
    /**
     * The treatment is paused (by the stop-loss, a budget or an operator): all traffic goes to the
     * control.
     */
    PAUSED,
    /** Over for good. */
    STOPPED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ExperimentStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wire();
    }
}
