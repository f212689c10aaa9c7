package dev.rung.task;

import java.util.Collection;

/** Looks up the configured definition of each task type. */
public interface TaskCatalog {

    TaskDefinition definition(TaskType type);

    Collection<TaskDefinition> all();
}
