package dev.rung.task;

import tools.jackson.databind.node.ObjectNode;

/**
 * A caller's request, valid against its task type's input schema. {@code input} is what the model
 * sees, as untrusted data, in canonical form: keys sorted, null fields dropped (null and absent
 * mean the same).
 */
public record TaskRequest(String subjectId, ObjectNode input, Stakes stakes) {

    public TaskRequest {
        stakes = stakes == null ? Stakes.NONE : stakes;
    }
}
