package dev.rung.intake.internal;

import dev.rung.task.TaskRequest;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A caller's deadline given as the {@code X-Rung-Deadline} header, for clients that cannot add a
 * field to the body: the same ISO-8601 instant as the body's {@code deadline}.
 */
final class CallerDeadline {

    static final String HEADER = "X-Rung-Deadline";

    private CallerDeadline() {}

    static TaskRequest apply(TaskRequest request, String header) {
        if (header == null) {
            return request;
        }
        Instant deadline;
        try {
            deadline = OffsetDateTime.parse(header.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(
                    "must be an ISO-8601 instant with its offset, such as 2026-11-30T18:00:05Z");
        }
        if (request.deadline() != null && !request.deadline().equals(deadline)) {
            throw invalid("differs from the body's deadline: give one of them");
        }
        return request.withDeadline(deadline);
    }

    private static ProblemException invalid(String message) {
        return new ProblemException(
                ProblemType.INVALID_REQUEST,
                HEADER + " " + message + ".",
                Map.of("errors", List.of(Map.of("field", HEADER, "message", message))));
    }
}
