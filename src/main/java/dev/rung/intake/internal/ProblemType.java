package dev.rung.intake.internal;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of problem Rung answers with. The {@code type} URI is stable and names the kind of problem, so
 * clients can switch on it; the title is for people.
 */
enum ProblemType {
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "The request is not valid"),
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST, "The body is not readable JSON of the expected shape"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Not authenticated"),
    UNKNOWN_TASK_TYPE("unknown-task-type", HttpStatus.NOT_FOUND, "No such task type"),
    TASK_NOT_FOUND("task-not-found", HttpStatus.NOT_FOUND, "No such task"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed here"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Cannot answer in the requested media type"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send application/json"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "The body is too large"),
    REQUEST_IN_PROGRESS("request-in-progress", HttpStatus.CONFLICT, "A request with this Idempotency-Key is still running"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT,
            "This Idempotency-Key was used for a different request"),
    NO_CAPACITY("no-capacity", HttpStatus.TOO_MANY_REQUESTS, "No model of the policy has capacity right now"),
    BUDGET_EXHAUSTED("budget-exhausted", HttpStatus.TOO_MANY_REQUESTS, "A daily spend cap is reached"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Too many tasks in flight"),
    DATABASE_UNAVAILABLE("database-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "The ledger's database cannot be reached"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong inside Rung");

    static final String BASE = "https://rung.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    URI uri() {
        return URI.create(BASE + slug);
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_JSON;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
