package dev.rung.task;

import java.util.List;
import java.util.Optional;

/** The task types Rung knows, each at its current version, and every earlier version by number. */
public interface TaskCatalog {

    Optional<TaskDefinition> current(String slug);

    /**
     * A version a task was accepted with or an experiment pinned; versions never change once
     * stored.
     */
    Optional<TaskDefinition> version(String slug, int version);

    /** The current version of every task type, by slug. */
    List<TaskDefinition> all();
}
