package dev.rung.intake;

import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * Queues tasks for the asynchronous workers, for the modules that take tasks in from elsewhere
 * (webhooks).
 */
public interface TaskQueue {

    /**
     * The task the body carries for this type, or a 400 invalid-request problem pointing at every
     * invalid field; {@code what} starts the problem's detail.
     */
    TaskRequest request(TaskDefinition type, JsonNode body, String what);

    /** Stores the task as queued and returns its id; joins the caller's transaction. */
    UUID enqueue(TaskDefinition type, TaskRequest request);
}
