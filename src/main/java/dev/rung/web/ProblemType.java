package dev.rung.web;

import org.springframework.http.HttpStatus;

import java.net.URI;
import java.util.List;

/**
 * Every kind of problem Rung answers with, for every module: the one registry. The {@code type} URI
 * is stable and names the kind of problem, so clients can switch on it; the title is for people.
 * Each has an example detail and the paths it can come from, for the API documentation (none
 * listed: any path).
 */
public enum ProblemType {
    INVALID_REQUEST(
            "invalid-request",
            HttpStatus.BAD_REQUEST,
            "The request is not valid",
            "2 field(s) are invalid"),
    INVALID_TASK_TYPE(
            "invalid-task-type",
            HttpStatus.BAD_REQUEST,
            "The task type definition is not valid",
            "1 problem(s) in the task type definition",
            "/v1/task-types"),
    MALFORMED_JSON(
            "malformed-json",
            HttpStatus.BAD_REQUEST,
            "The body is not readable JSON of the expected shape",
            "The body is not valid JSON."),
    UNAUTHORIZED(
            "unauthorized",
            HttpStatus.UNAUTHORIZED,
            "Not authenticated",
            "Send an API key with the X-API-Key header."),
    FORBIDDEN(
            "forbidden",
            HttpStatus.FORBIDDEN,
            "Not allowed",
            "The API key lacks the scope this endpoint needs."),
    UNKNOWN_TASK_TYPE(
            "unknown-task-type",
            HttpStatus.NOT_FOUND,
            "No such task type",
            "Rung has no task type with this name.",
            "/v1/tasks",
            "/v1/webhooks",
            "/v1/task-types",
            "/v1/replays"),
    TASK_NOT_FOUND(
            "task-not-found",
            HttpStatus.NOT_FOUND,
            "No such task",
            "No task has this id.",
            "/v1/tasks",
            "/v1/webhooks"),
    NOT_FOUND(
            "not-found",
            HttpStatus.NOT_FOUND,
            "No such resource",
            "No webhook source has this name."),
    DELIVERY_NOT_FOUND(
            "delivery-not-found",
            HttpStatus.NOT_FOUND,
            "No such delivery",
            "No delivery has this id.",
            "/v1/deliveries"),
    DELIVERY_NOT_DEAD(
            "delivery-not-dead",
            HttpStatus.CONFLICT,
            "The delivery is not dead",
            "Only a dead delivery can be retried; this one is still being tried or was delivered.",
            "/v1/deliveries"),
    EXPERIMENT_NOT_FOUND(
            "experiment-not-found",
            HttpStatus.NOT_FOUND,
            "No such experiment",
            "No experiment has this id.",
            "/v1/experiments"),
    REPLAY_NOT_FOUND(
            "replay-not-found",
            HttpStatus.NOT_FOUND,
            "No such replay",
            "No replay has this id.",
            "/v1/replays"),
    ROUTER_NOT_FOUND(
            "router-not-found",
            HttpStatus.NOT_FOUND,
            "No such router",
            "No learned router has this name (or version).",
            "/v1/routers"),
    REPLAY_ENDED(
            "replay-ended",
            HttpStatus.CONFLICT,
            "The replay has ended",
            "Only a running replay can be cancelled; this one completed.",
            "/v1/replays"),
    JOB_NOT_FOUND(
            "job-not-found",
            HttpStatus.NOT_FOUND,
            "No such bulk job",
            "No bulk job has this id.",
            "/v1/jobs"),
    JOB_ENDED(
            "job-ended",
            HttpStatus.CONFLICT,
            "The bulk job has ended",
            "Only an open bulk job can be cancelled; this one completed.",
            "/v1/jobs"),
    METHOD_NOT_ALLOWED(
            "method-not-allowed",
            HttpStatus.METHOD_NOT_ALLOWED,
            "Method not allowed here",
            "Use POST."),
    NOT_ACCEPTABLE(
            "not-acceptable",
            HttpStatus.NOT_ACCEPTABLE,
            "Cannot answer in the requested media type",
            "This endpoint answers application/json."),
    REQUEST_IN_PROGRESS(
            "request-in-progress",
            HttpStatus.CONFLICT,
            "A request with this Idempotency-Key is still running",
            "Retry after the first request has finished.",
            "/v1/tasks",
            "/v1/webhooks"),
    EXPERIMENT_ALREADY_LIVE(
            "experiment-already-live",
            HttpStatus.CONFLICT,
            "Another experiment is live for this task type",
            "Stop the live experiment for lead-classification first.",
            "/v1/experiments"),
    INVALID_TRANSITION(
            "invalid-transition",
            HttpStatus.CONFLICT,
            "The experiment cannot make this change now",
            "A stopped experiment cannot be resumed.",
            "/v1/experiments"),
    TASK_TYPE_CHANGED(
            "task-type-changed",
            HttpStatus.CONFLICT,
            "The task type changed since the experiment started",
            "Both arms must run on the same version of lead-classification (version 3; now 4);"
                    + " start a new experiment to compare on the new version.",
            "/v1/experiments"),
    PAYLOAD_TOO_LARGE(
            "payload-too-large",
            HttpStatus.CONTENT_TOO_LARGE,
            "The body is too large",
            "The body is larger than 65536 bytes."),
    UNSUPPORTED_MEDIA_TYPE(
            "unsupported-media-type",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Send application/json",
            "The body must be application/json."),
    IDEMPOTENCY_KEY_REUSED(
            "idempotency-key-reused",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "This Idempotency-Key was used for a different request",
            "Use a new Idempotency-Key for a different body.",
            "/v1/tasks",
            "/v1/webhooks"),
    NO_CAPACITY(
            "no-capacity",
            HttpStatus.TOO_MANY_REQUESTS,
            "No model of the policy has capacity right now",
            "Every model of the policy is at its rate limit; retry after the Retry-After seconds.",
            "/v1/tasks",
            "/v1/webhooks"),
    BUDGET_EXHAUSTED(
            "budget-exhausted",
            HttpStatus.TOO_MANY_REQUESTS,
            "A daily spend cap is reached",
            "The daily cap for lead-classification is spent.",
            "/v1/tasks",
            "/v1/webhooks"),
    OVERLOADED(
            "overloaded",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Too many tasks in flight",
            "1000 tasks are in flight, the most this instance takes; retry after Retry-After"
                    + " seconds.",
            "/v1/tasks",
            "/v1/webhooks"),
    DATABASE_UNAVAILABLE(
            "database-unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "The ledger's database cannot be reached",
            "The database is restarting or cannot be reached; send the request again (with the same"
                    + " Idempotency-Key) after Retry-After seconds."),
    INTERNAL_ERROR(
            "internal-error",
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Something went wrong inside Rung",
            "The error is logged with this request's trace id.");

    public static final String BASE = "https://rung.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final String exampleDetail;
    private final List<String> pathPrefixes;

    ProblemType(
            String slug,
            HttpStatus status,
            String title,
            String exampleDetail,
            String... pathPrefixes) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.exampleDetail = exampleDetail;
        this.pathPrefixes = List.of(pathPrefixes);
    }

    public String slug() {
        return slug;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A detail as the API documentation shows it. */
    public String exampleDetail() {
        return exampleDetail;
    }

    /**
     * Whether a request to this path can be answered with this problem (for the API documentation).
     */
    public boolean appliesTo(String path) {
        return pathPrefixes.isEmpty() || pathPrefixes.stream().anyMatch(path::startsWith);
    }

    /** The type for an error Spring or Jetty raises by status alone. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_JSON;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
