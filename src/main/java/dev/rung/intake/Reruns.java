package dev.rung.intake;

import dev.rung.ledger.StoredTask;
import dev.rung.routing.Route;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a stored task's input again under another route, as a task of its own: opened in the ledger,
 * every attempt stored before its call leaves, finished and counted like any task, but never
 * answered from the cache, never in an experiment and never written back. For replays.
 */
public interface Reruns {

    /**
     * @param key distinguishes the rerun in the ledger's request hash (e.g. the replay and the
     *     served task it reruns)
     * @param opened told the new task's id once it is stored, before its first call
     */
    StoredTask rerun(
            TaskDefinition type,
            TaskRequest request,
            Route route,
            String key,
            Consumer<UUID> opened);
}
