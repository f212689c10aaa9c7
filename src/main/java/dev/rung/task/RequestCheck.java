package dev.rung.task;

import java.util.List;

/**
 * A caller's body checked against a task type's input schema: the request, or every violation
 * found.
 */
public sealed interface RequestCheck {

    record Valid(TaskRequest request) implements RequestCheck {}

    record Invalid(List<Violation> violations) implements RequestCheck {}
}
