package dev.rung.intake.internal;

import dev.rung.intake.TaskQueue;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * Intake's queue for other modules: the same validation, routing and storage as {@code
 * ?mode=async}.
 */
@Component
class QueuedTasks implements TaskQueue {

    private final TaskIntake intake;

    QueuedTasks(TaskIntake intake) {
        this.intake = intake;
    }

    @Override
    public TaskRequest request(TaskDefinition type, JsonNode body, String what) {
        return InvalidInput.orThrow(type.contract().request(body), what);
    }

    @Override
    public UUID enqueue(TaskDefinition type, TaskRequest request) {
        return intake.enqueue(type, request, null).task().id();
    }
}
