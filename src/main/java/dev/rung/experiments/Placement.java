package dev.rung.experiments;

/** Where the experiment of a task's type puts the task. */
public sealed interface Placement {

    /** No experiment of this type is live, or the task's version is not the one it pinned. */
    record Outside() implements Placement {}

    /** In the subject's sticky arm. */
    record InArm(Assignment assignment) implements Placement {}

    /**
     * Served the control policy, outside the experiment: its treatment (or this subject's arm) is
     * paused.
     */
    record ControlWhilePaused(String controlPolicy) implements Placement {}
}
