package dev.rung.task;

import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A caller's request, valid against its task type's input schema. {@code input} is what the model
 * sees, as untrusted data, in canonical form: keys sorted, null fields dropped (null and absent
 * mean the same).
 *
 * @param deadline when the caller stops waiting for an answer; null: Rung's own task deadline alone
 */
public record TaskRequest(String subjectId, ObjectNode input, Stakes stakes, Instant deadline) {

    public TaskRequest {
        stakes = stakes == null ? Stakes.NONE : stakes;
    }

    public TaskRequest(String subjectId, ObjectNode input, Stakes stakes) {
        this(subjectId, input, stakes, null);
    }

    /** The same request with a deadline of the caller's. */
    public TaskRequest withDeadline(Instant deadline) {
        return new TaskRequest(subjectId, input, stakes, deadline);
    }
}
