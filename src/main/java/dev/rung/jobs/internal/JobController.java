package dev.rung.jobs.internal;

import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

/** Bulk jobs: upload one, follow it, cancel it, download its results. */
@RestController
@RequestMapping(path = "/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
        name = "Bulk jobs",
        description =
                "Many inputs of one task type answered through the provider's Batch API at half"
                        + " price, failed checks escalated synchronously")
@ApiResponse(
        responseCode = "404",
        description = "No such job or task type",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class JobController {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final JobStore store;
    private final JobProgress progress;
    private final JobResults results;
    private final JobSubmission submission;
    private final TaskCatalog catalog;

    JobController(
            JobStore store,
            JobProgress progress,
            JobResults results,
            JobSubmission submission,
            TaskCatalog catalog) {
        this.store = store;
        this.progress = progress;
        this.results = results;
        this.submission = submission;
        this.catalog = catalog;
    }

    @PostMapping(
            path = "/{type}",
            consumes = {NDJSON, "application/jsonl", CSV})
    @Operation(
            summary =
                    "Start a bulk job: NDJSON (one task body a line, as POST /v1/tasks/{type} takes"
                            + " it) or CSV (a header of field paths such as lead.email); either may"
                            + " carry recordId, the CRM record a write-back delivers to. Every line"
                            + " is checked first; answered at once with the job's progress",
            requestBody =
                    @RequestBody(
                            content = {
                                @Content(
                                        mediaType = NDJSON,
                                        schema = @Schema(type = "string"),
                                        examples =
                                                @io.swagger.v3.oas.annotations.media.ExampleObject(
                                                        value =
                                                                "{\"subjectId\":\"lead-1\",\"recordId\":\"51\",\"lead\":{\"email\":\"ana@acme.io\",\"company\":\"Acme\",\"message\":\"Pricing"
                                                                    + " for 40 seats?\"}}")),
                                @Content(
                                        mediaType = CSV,
                                        schema = @Schema(type = "string"),
                                        examples =
                                                @io.swagger.v3.oas.annotations.media.ExampleObject(
                                                        value =
                                                                "subjectId,recordId,lead.email,lead.company,lead.message\n"
                                                                    + "lead-1,51,ana@acme.io,Acme,Pricing"
                                                                    + " for 40 seats?"))
                            }))
    @ApiResponse(
            responseCode = "400",
            description = "A line is invalid (each error names its line), or a parameter is",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "413",
            description = "The upload is larger than rung.jobs.max-upload-bytes",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Started: the job, with Location",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = JobView.class)))
    ResponseEntity<JobView> start(
            @Parameter(description = "The task type's slug, e.g. lead-classification") @PathVariable
                    String type,
            @Parameter(
                            description =
                                    "A configured policy to run the job under; default: its tier's")
                    @RequestParam(required = false)
                    String policy,
            @Parameter(
                            description =
                                    "A webhook source (e.g. hubspot) whose write-back delivers each"
                                            + " result to the record its line names")
                    @RequestParam(required = false)
                    String writeBack,
            HttpServletRequest request,
            Principal caller)
            throws IOException {
        JobStore.Job job =
                submission.submit(
                        definition(type),
                        policy,
                        writeBack,
                        request,
                        caller == null ? "anonymous" : caller.getName());
        return ResponseEntity.accepted()
                .location(URI.create("/v1/jobs/" + job.id()))
                .body(progress.view(job));
    }

    @GetMapping
    @Operation(summary = "The latest bulk jobs, newest first")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = JobView.class))))
    List<JobView> list() {
        return store.recent(50).stream().map(progress::view).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A bulk job and how far it got: inputs by state, batches, cost")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = JobView.class)))
    JobView get(@PathVariable UUID id) {
        return progress.view(find(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(
            summary =
                    "Cancel a bulk job: its open batches are cancelled; what they ran is kept and"
                            + " checked, every other input ends as cancelled")
    @ApiResponse(
            responseCode = "409",
            description = "The job has ended",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Cancelling",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = JobView.class)))
    ResponseEntity<JobView> cancel(@PathVariable UUID id) {
        find(id);
        if (!store.requestCancel(id)) {
            throw new ProblemException(
                    ProblemType.JOB_ENDED,
                    "Only an open bulk job can be cancelled; this one is "
                            + find(id).status().wire()
                            + ".");
        }
        return ResponseEntity.accepted().body(progress.view(find(id)));
    }

    @GetMapping(
            path = "/{id}/results",
            produces = {NDJSON, CSV})
    @Operation(
            summary =
                    "The job's results, one per input in line order: NDJSON (the answer as JSON),"
                            + " or CSV with Accept: text/csv or ?format=csv (each answer field a"
                            + " column)")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = {
                @Content(mediaType = NDJSON, schema = @Schema(type = "string")),
                @Content(mediaType = CSV, schema = @Schema(type = "string"))
            })
    void results(
            @PathVariable UUID id,
            @Parameter(description = "ndjson or csv; overrides Accept")
                    @RequestParam(required = false)
                    String format,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        JobStore.Job job = find(id);
        if (format != null && !format.equals("csv") && !format.equals("ndjson")) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    "format must be ndjson or csv.",
                    java.util.Map.of(
                            "errors",
                            List.of(
                                    java.util.Map.of(
                                            "field",
                                            "format",
                                            "message",
                                            "must be ndjson or csv"))));
        }
        boolean csv =
                format == null
                        ? String.valueOf(request.getHeader("Accept")).contains(CSV)
                        : format.equals("csv");
        TaskDefinition type = catalog.version(job.taskType(), job.taskTypeVersion()).orElseThrow();
        // Written as it is read, in the request's own thread: a job's results can be large.
        response.setContentType(csv ? CSV + ";charset=UTF-8" : NDJSON);
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"rung-job-" + id + (csv ? ".csv\"" : ".ndjson\""));
        if (csv) {
            results.csv(id, type, response.getOutputStream());
        } else {
            results.ndjson(id, response.getOutputStream());
        }
    }

    private TaskDefinition definition(String type) {
        return catalog.current(type)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.UNKNOWN_TASK_TYPE,
                                        "Rung has no task type with this name.",
                                        java.util.Map.of(
                                                "knownTypes",
                                                catalog.all().stream()
                                                        .map(TaskDefinition::slug)
                                                        .toList())));
    }

    private JobStore.Job find(UUID id) {
        return store.find(id)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.JOB_NOT_FOUND,
                                        "No bulk job has id " + id + "."));
    }
}
