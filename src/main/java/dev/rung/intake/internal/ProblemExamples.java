package dev.rung.intake.internal;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every problem type Rung answers with, as a named example in the OpenAPI document, attached to each operation's
 * problem responses of the same status. Operations behind an API key also document their 401 and 403.
 */
@Component
class ProblemExamples implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";

    record Documented(String slug, int status, String title, String detail, Predicate<String> appliesTo) {
    }

    private static final Predicate<String> EVERYWHERE = path -> true;
    private static final Predicate<String> TASKS = path -> path.startsWith("/v1/tasks") || path.startsWith("/v1/webhooks");
    private static final Predicate<String> TASK_TYPES = path -> path.startsWith("/v1/task-types");
    private static final Predicate<String> DELIVERIES = path -> path.startsWith("/v1/deliveries");
    private static final Predicate<String> EXPERIMENTS = path -> path.startsWith("/v1/experiments");

    static final List<Documented> ALL = List.of(
            new Documented("invalid-request", 400, "The request is not valid", "2 field(s) are invalid", EVERYWHERE),
            new Documented("invalid-task-type", 400, "The task type definition is not valid",
                    "1 problem(s) in the task type definition", TASK_TYPES),
            new Documented("malformed-json", 400, "The body is not readable JSON of the expected shape",
                    "The body is not valid JSON.", EVERYWHERE),
            new Documented("unauthorized", 401, "Not authenticated", "Send an API key with the X-API-Key header.", EVERYWHERE),
            new Documented("forbidden", 403, "Not allowed", "The API key lacks the scope this endpoint needs.", EVERYWHERE),
            new Documented("unknown-task-type", 404, "No such task type", "Rung has no task type with this name.",
                    TASKS.or(TASK_TYPES)),
            new Documented("task-not-found", 404, "No such task", "No task has this id.", TASKS),
            new Documented("not-found", 404, "No such resource", "No webhook source has this name.", EVERYWHERE),
            new Documented("delivery-not-found", 404, "No such delivery", "No delivery has this id.", DELIVERIES),
            new Documented("delivery-not-dead", 409, "The delivery is not dead",
                    "Only a dead delivery can be retried; this one is still being tried or was delivered.", DELIVERIES),
            new Documented("experiment-not-found", 404, "No such experiment", "No experiment has this id.", EXPERIMENTS),
            new Documented("method-not-allowed", 405, "Method not allowed here", "Use POST.", EVERYWHERE),
            new Documented("not-acceptable", 406, "Cannot answer in the requested media type",
                    "This endpoint answers application/json.", EVERYWHERE),
            new Documented("request-in-progress", 409, "A request with this Idempotency-Key is still running",
                    "Retry after the first request has finished.", TASKS),
            new Documented("experiment-already-live", 409, "Another experiment is live for this task type",
                    "Stop the live experiment for lead-classification first.", EXPERIMENTS),
            new Documented("invalid-transition", 409, "The experiment cannot make this change now",
                    "A stopped experiment cannot be resumed.", EXPERIMENTS),
            new Documented("task-type-changed", 409, "The task type changed since the experiment started",
                    "Both arms must run on the same version of lead-classification (version 3; now 4); start a new "
                    + "experiment to compare on the new version.", EXPERIMENTS),
            new Documented("payload-too-large", 413, "The body is too large", "The body is larger than 65536 bytes.", EVERYWHERE),
            new Documented("unsupported-media-type", 415, "Send application/json",
                    "The body must be application/json.", EVERYWHERE),
            new Documented("idempotency-key-reused", 422, "This Idempotency-Key was used for a different request",
                    "Use a new Idempotency-Key for a different body.", TASKS),
            new Documented("no-capacity", 429, "No model of the policy has capacity right now",
                    "Every model of the policy is at its rate limit; retry after the Retry-After seconds.", TASKS),
            new Documented("budget-exhausted", 429, "A daily spend cap is reached",
                    "The daily cap for lead-classification is spent.", TASKS),
            new Documented("overloaded", 503, "Too many tasks in flight",
                    "1000 tasks are in flight, the most this instance takes; retry after Retry-After seconds.", TASKS),
            new Documented("internal-error", 500, "Something went wrong inside Rung",
                    "The error is logged with this request's trace id.", EVERYWHERE));

    @Override
    public void customise(OpenAPI api) {
        for (Documented problem : ALL) {
            api.getComponents().addExamples(problem.slug(), new Example().summary(problem.title()).value(body(problem)));
        }
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            if (!path.startsWith("/v1/webhooks/") && !path.equals("/v1/chat/completions")) {
                operation.getResponses().putIfAbsent("401", problemResponse("No API key, or not a valid one"));
                operation.getResponses().putIfAbsent("403", problemResponse("The API key lacks the endpoint's scope"));
            }
            operation.getResponses().forEach((status, response) -> attachExamples(path, status, response));
        }));
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/v1/tasks/") && !path.endsWith("/feedback") && item.getPost() != null) {
                ApiResponse overloaded = problemResponse("Too many tasks in flight (load shedding); retry after Retry-After seconds");
                attachExamples(path, "503", overloaded);
                item.getPost().getResponses().putIfAbsent("503", overloaded);
            }
        });
    }

    private static void attachExamples(String path, String status, ApiResponse response) {
        MediaType problem = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
        if (problem == null) {
            return;
        }
        for (Documented documented : ALL) {
            if (String.valueOf(documented.status()).equals(status) && documented.appliesTo().test(path)) {
                problem.addExamples(documented.slug(), new Example().$ref("#/components/examples/" + documented.slug()));
            }
        }
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
    }

    private static Map<String, Object> body(Documented problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemType.BASE + problem.slug());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (problem.slug().equals("invalid-request")) {
            body.put("errors", List.of(
                    Map.of("pointer", "/subjectId", "field", "subjectId", "message", "is required: a non-blank string"),
                    Map.of("pointer", "/input/email", "field", "input.email", "message",
                            "does not match the email pattern must be a valid RFC 5321 Mailbox")));
        }
        if (problem.slug().equals("invalid-task-type")) {
            body.put("errors", List.of(Map.of("pointer", "/outputSchema/properties/reason/maxLength", "message",
                    "'maxLength' is not supported by OpenAI's strict structured outputs; express it as a rule")));
        }
        return body;
    }
}
