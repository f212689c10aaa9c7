package dev.rung.experiments.internal;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One arm of an experiment: the control, or one of its treatments. Arms are named by whoever
 * creates the experiment (a two-arm experiment's are {@code control} and {@code treatment}), so
 * they are data, not a closed set.
 *
 * @param pausedAt when the stop-loss paused this treatment alone; null while it serves
 */
record ExperimentArm(String name, String policy, BigDecimal share, Instant pausedAt) {

    static final String CONTROL = "control";
    static final String TREATMENT = "treatment";

    boolean isControl() {
        return CONTROL.equals(name);
    }

    boolean serving() {
        return pausedAt == null;
    }

    /** The arm as the experiment's view and its readout show it. */
    Readout.ArmSummary summary() {
        return new Readout.ArmSummary(name, policy, share, !serving());
    }
}
