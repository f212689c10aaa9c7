package dev.rung.task.internal;

import dev.rung.task.TaskDefinition;
import dev.rung.task.Violation;
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
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Task types over REST: list them, read one with its schemas and history, store a new version. */
@RestController
@RequestMapping(path = "/v1/task-types", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
        name = "Task types",
        description =
                "Workflows as data: input and output schemas, rules, confidence, prompt, tiers")
class TaskTypeController {

    private final Definitions definitions;
    private final TaskTypeStore store;
    private final StoredTaskCatalog catalog;

    TaskTypeController(Definitions definitions, TaskTypeStore store, StoredTaskCatalog catalog) {
        this.definitions = definitions;
        this.store = store;
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(operationId = "listTaskTypes", summary = "The task types and their current versions")
    List<TaskTypeViews.Summary> list() {
        return catalog.all().stream().map(TaskTypeViews::summary).toList();
    }

    @GetMapping("/{slug}")
    @Operation(
            operationId = "getTaskType",
            summary = "A task type's current definition, with its schemas and every version")
    @ApiResponse(
            responseCode = "404",
            description = "No such task type",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    TaskTypeViews.Detail get(@PathVariable String slug) {
        List<TaskTypeStore.StoredVersion> history = store.history(slug);
        if (history.isEmpty()) {
            throw notFound(slug);
        }
        return TaskTypeViews.detail(history.getFirst(), history);
    }

    @GetMapping("/{slug}/versions/{version}")
    @Operation(
            operationId = "getTaskTypeVersion",
            summary = "One version of a task type, as tasks that ran on it saw it")
    @ApiResponse(
            responseCode = "404",
            description = "No such task type or version",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    TaskTypeViews.Detail version(@PathVariable String slug, @PathVariable int version) {
        return store.find(slug, version)
                .map(found -> TaskTypeViews.detail(found, store.history(slug)))
                .orElseThrow(() -> notFound(slug));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "createTaskType",
            summary = "Create a task type, or a new version of one",
            description =
                    "201 with the new version; 200 when the definition equals the current version"
                            + " (no new version).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = TaskTypeViews.Definition.class)))
    @ApiResponse(responseCode = "201", description = "Stored as a new version")
    @ApiResponse(
            responseCode = "200",
            description = "The same as the current version: nothing changed")
    @ApiResponse(
            responseCode = "400",
            description = "The definition is not valid; every problem with its JSON Pointer",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<TaskTypeViews.Detail> create(
            @RequestBody JsonNode body,
            @Parameter(hidden = true) @AuthenticationPrincipal Object caller) {
        TaskDefinition definition;
        TaskTypeSpec spec;
        try {
            spec = definitions.read(body);
            definition = definitions.checked(definitions.compile(spec, 0));
        } catch (InvalidDefinition e) {
            throw invalid(e.violations());
        }
        var saved =
                store.save(
                        new TaskTypeStore.Candidate(
                                spec.slug(),
                                definitions.document(spec),
                                definitions.contentSha256(spec),
                                definition.prompt().version(),
                                definition.prompt().sha256(),
                                TaskTypeStore.Source.API,
                                caller == null ? "api" : caller.toString()));
        catalog.changed();
        var detail = TaskTypeViews.detail(saved.version(), store.history(spec.slug()));
        return saved.created()
                ? ResponseEntity.created(URI.create("/v1/task-types/" + spec.slug())).body(detail)
                : ResponseEntity.ok(detail);
    }

    private static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(
                ProblemType.INVALID_TASK_TYPE,
                violations.size() + " problem(s) in the task type definition",
                Map.of(
                        "errors",
                        violations.stream()
                                .map(v -> Map.of("pointer", v.pointer(), "message", v.message()))
                                .toList()));
    }

    private static ProblemException notFound(String slug) {
        return new ProblemException(
                ProblemType.UNKNOWN_TASK_TYPE, "Rung has no task type with this name.");
    }
}
