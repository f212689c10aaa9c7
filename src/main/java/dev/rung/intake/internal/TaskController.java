package dev.rung.intake.internal;

import dev.rung.delivery.DeliveryPlans;
import dev.rung.ledger.TaskLedger;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.task.TaskRequest;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** The task API. Runs a task synchronously and answers 200 with the task, succeeded or failed. */
@RestController
@RequestMapping(path = "/v1/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tasks", description = "Submit tasks of any type and read them back")
@ApiResponse(
        responseCode = "400",
        description = "Invalid or unreadable request",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class TaskController {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final TaskIntake intake;
    private final TaskLedger ledger;
    private final TaskCatalog catalog;
    private final DeliveryPlans deliveries;

    TaskController(
            TaskIntake intake, TaskLedger ledger, TaskCatalog catalog, DeliveryPlans deliveries) {
        this.intake = intake;
        this.ledger = ledger;
        this.catalog = catalog;
        this.deliveries = deliveries;
    }

    @PostMapping(path = "/{type}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "submitTask",
            summary = "Submit a task of a type (GET /v1/task-types lists them)",
            description =
                    """
                    The body is {subjectId, input, stakes, deadline}; input must be valid against the type's input schema (GET
                    /v1/task-types/{slug}), and every violation is answered with its JSON Pointer. The built-in types also take
                    their input under its older name: lead (lead-classification), ticket (ticket-tagging), form
                    (field-extraction).\
                    """)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = TaskSubmission.class)))
    @TaskSubmissionResponses
    @ApiResponse(
            responseCode = "404",
            description = "No such task type",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<TaskView> submit(
            @Parameter(description = "The task type's slug, e.g. lead-classification") @PathVariable
                    String type,
            @RequestBody JsonNode body,
            @IdempotencyKey @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey,
            @CacheControl @RequestHeader(name = "Cache-Control", required = false)
                    String cacheControl,
            @Mode @RequestParam(defaultValue = "sync") String mode,
            @Parameter(
                            description =
                                    "With mode=async: POST the task's result here when it ends,"
                                            + " signed with Standard Webhooks"
                                            + " (rung.deliveries.callbacks); GET"
                                            + " /v1/tasks/{id}/deliveries shows the attempts")
                    @RequestHeader(name = "Rung-Callback-Url", required = false)
                    String callbackUrl,
            @Parameter(
                            description =
                                    "When the caller stops waiting, as the body's deadline (an"
                                            + " ISO-8601 instant with offset)",
                            example = "2026-11-30T18:00:05Z")
                    @RequestHeader(name = CallerDeadline.HEADER, required = false)
                    String deadline) {
        TaskDefinition definition =
                catalog.current(type)
                        .orElseThrow(
                                () ->
                                        new ProblemException(
                                                ProblemType.UNKNOWN_TASK_TYPE,
                                                "Rung has no task type with this name.",
                                                Map.of(
                                                        "knownTypes",
                                                        catalog.all().stream()
                                                                .map(TaskDefinition::slug)
                                                                .toList())));
        if (!mode.equals("sync") && !mode.equals("async")) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    "mode must be sync or async.",
                    Map.of(
                            "errors",
                            List.of(Map.of("field", "mode", "message", "must be sync or async"))));
        }
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters.",
                    Map.of(
                            "errors",
                            List.of(
                                    Map.of(
                                            "field",
                                            "Idempotency-Key",
                                            "message",
                                            "must be 1 to 255 visible ASCII characters"))));
        }
        if (callbackUrl != null) {
            String refusal =
                    mode.equals("async")
                            ? deliveries.refusal(callbackUrl).orElse(null)
                            : "is only for mode=async: a synchronous task's answer is the response";
            if (refusal != null) {
                throw new ProblemException(
                        ProblemType.INVALID_REQUEST,
                        "Rung-Callback-Url " + refusal + ".",
                        Map.of(
                                "errors",
                                List.of(Map.of("field", "Rung-Callback-Url", "message", refusal))));
            }
        }
        TaskRequest request =
                CallerDeadline.apply(
                        InvalidInput.orThrow(definition.contract().request(body), ""), deadline);
        if (mode.equals("async")) {
            TaskIntake.Submitted queued =
                    callbackUrl == null
                            ? intake.enqueue(definition, request, idempotencyKey)
                            : intake.enqueue(
                                    definition,
                                    request,
                                    idempotencyKey,
                                    java.net.URI.create(callbackUrl));
            return ResponseEntity.accepted()
                    .location(java.net.URI.create("/v1/tasks/" + queued.task().id()))
                    .body(TaskView.of(queued.task()));
        }
        boolean bypassCache =
                cacheControl != null
                        && cacheControl.toLowerCase(java.util.Locale.ROOT).contains("no-cache");
        TaskIntake.Submitted submitted =
                intake.submit(definition, request, idempotencyKey, bypassCache);
        var response = ResponseEntity.ok();
        if (submitted.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(TaskView.of(submitted.task()));
    }

    @GetMapping("/{taskId}")
    @Operation(summary = "Read a task and its attempts back from the ledger")
    @ApiResponse(
            responseCode = "200",
            description = "The task as stored",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = TaskView.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No such task",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    TaskView get(@PathVariable UUID taskId) {
        return ledger.find(taskId)
                .map(TaskView::of)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.TASK_NOT_FOUND, "No task has this id."));
    }

    /** The answers of a task submission. */
    @ApiResponse(
            responseCode = "200",
            description = "The task, succeeded or failed, with every attempt",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = TaskView.class)))
    @ApiResponse(
            responseCode = "202",
            description = "mode=async: accepted and queued; poll the Location",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = TaskView.class)))
    @ApiResponse(
            responseCode = "409",
            description = "The first request with this Idempotency-Key is still running",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "413",
            description = "Body over 64 KiB",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "415",
            description = "Body is not application/json",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "422",
            description = "This Idempotency-Key was used for another request",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
    @interface TaskSubmissionResponses {}

    /** Documents the parameter. */
    @Parameter(
            description =
                    "async: store the task and answer 202 with its Location at once; a worker runs"
                            + " it")
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
    @interface Mode {}

    /** Documents the header. */
    @Parameter(
            description =
                    "no-cache: answer with a fresh model call even when the response cache holds an"
                            + " answer")
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
    @interface CacheControl {}

    /** Documents the header. */
    @Parameter(
            description =
                    "Makes retries safe: the same key with the same body returns the stored task"
                        + " without a new model call; with another body it is refused (422); while"
                        + " the first request runs, 409.")
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
    @interface IdempotencyKey {}
}
