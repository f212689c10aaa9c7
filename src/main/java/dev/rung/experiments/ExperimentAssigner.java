package dev.rung.experiments;

import dev.rung.task.TaskDefinition;

/** Puts a task into the running experiment of its type, if there is one. */
public interface ExperimentAssigner {

    /**
     * The subject's place in the live experiment of this task type: its sticky arm while that arm
     * serves; the control policy, outside the experiment, while the experiment or that arm is
     * paused; outside when none is live or the task type's current version is not the one the
     * experiment pinned.
     */
    Placement place(TaskDefinition type, String subjectId);
}
