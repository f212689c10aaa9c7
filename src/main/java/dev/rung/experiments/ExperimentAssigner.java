package dev.rung.experiments;

import dev.rung.task.TaskDefinition;

import java.util.Optional;

/** Puts a task into the running experiment of its type, if there is one. */
public interface ExperimentAssigner {

    /**
     * The subject's sticky arm in the running experiment of this task type; empty when none runs,
     * when its treatment is paused (then the control policy serves everyone, outside the
     * experiment), or when the task type's current version is not the one the experiment pinned.
     */
    Optional<Assignment> assign(TaskDefinition type, String subjectId);

    /** The policy every task of this type must use while its experiment's treatment is paused. */
    Optional<String> pausedControlPolicy(String taskType);
}
