package dev.rung.routers.internal;

import dev.rung.routing.LearnedPolicies;
import dev.rung.routing.Policy;
import dev.rung.routing.RoutePlanner;
import dev.rung.task.Stakes;
import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Learned routers: train a version, follow its evaluation, list them. */
@RestController
@RequestMapping(path = "/v1/routers", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
        name = "Routers",
        description =
                "Learned start rungs, trained from the ledger and evaluated by replay before they"
                        + " serve")
@ApiResponse(
        responseCode = "404",
        description = "No such router or task type",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class RouterController {

    private static final Duration LONGEST_WINDOW = Duration.ofDays(366);

    private final RouterStore store;
    private final RouterTrainer trainer;
    private final RouterEvaluations evaluations;
    private final TaskCatalog catalog;
    private final RoutePlanner planner;

    RouterController(
            RouterStore store,
            RouterTrainer trainer,
            RouterEvaluations evaluations,
            TaskCatalog catalog,
            RoutePlanner planner) {
        this.store = store;
        this.trainer = trainer;
        this.evaluations = evaluations;
        this.catalog = catalog;
        this.planner = planner;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Train a new version of a router from the ledger, then evaluate it by"
                            + " replaying the held-out window; answered at once")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid request",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Training: the new version, with Location",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = RouterView.class)))
    ResponseEntity<RouterView> train(@Valid @RequestBody RouterRequest request) {
        TaskDefinition type =
                catalog.current(request.taskType())
                        .orElseThrow(
                                () ->
                                        new ProblemException(
                                                ProblemType.UNKNOWN_TASK_TYPE,
                                                "Rung has no task type named '"
                                                        + request.taskType()
                                                        + "'."));
        String baseName =
                request.basePolicy() != null
                        ? request.basePolicy()
                        : planner.plan(type, Stakes.NONE).policy().name();
        Policy base =
                planner.policy(baseName)
                        .filter(policy -> !policy.name().startsWith(LearnedPolicies.PREFIX))
                        .orElseThrow(
                                () ->
                                        ProblemException.invalidField(
                                                "basePolicy",
                                                "is not a configured routing policy"));
        if (base.ladder().size() < 2) {
            throw ProblemException.invalidField(
                    "basePolicy", "has one rung: there is no higher rung to start on");
        }
        List<String> compareWith = compareWith(request);
        windows(request);
        RouterStore.Row row = store.create(request, base.name());
        trainer.start(row, compareWith, request.threshold());
        return ResponseEntity.accepted()
                .location(URI.create("/v1/routers/" + row.name() + "/versions/" + row.version()))
                .body(evaluations.view(row));
    }

    @GetMapping
    @Operation(summary = "Every router version, newest first per router")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            array =
                                    @ArraySchema(
                                            schema = @Schema(implementation = RouterView.class))))
    List<RouterView> list() {
        return store.all().stream().map(evaluations::view).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "A router's newest version and how its evaluation stands")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = RouterView.class)))
    RouterView latest(@PathVariable String name) {
        return evaluations.view(store.latest(name).orElseThrow(() -> notFound(name)));
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(summary = "One version of a router")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = RouterView.class)))
    RouterView version(@PathVariable String name, @PathVariable int version) {
        return evaluations.view(
                store.find(name, version).orElseThrow(() -> notFound(name + "@" + version)));
    }

    private List<String> compareWith(RouterRequest request) {
        List<String> compared =
                request.compareWith() != null
                        ? request.compareWith()
                        : planner.policy("mini-only").map(p -> List.of(p.name())).orElse(List.of());
        for (int i = 0; i < compared.size(); i++) {
            String policy = compared.get(i);
            if (planner.policy(policy).isEmpty()) {
                throw ProblemException.invalidField(
                        "compareWith[" + i + "]", "is not a routing policy");
            }
        }
        return compared;
    }

    private static void windows(RouterRequest request) {
        if (!request.trainFrom().isBefore(request.trainTo())) {
            throw ProblemException.invalidField("trainFrom", "must be before trainTo");
        }
        if (!request.holdoutFrom().isBefore(request.holdoutTo())) {
            throw ProblemException.invalidField("holdoutFrom", "must be before holdoutTo");
        }
        if (request.holdoutFrom().isBefore(request.trainTo())
                && request.trainFrom().isBefore(request.holdoutTo())) {
            throw ProblemException.invalidField(
                    "holdoutFrom",
                    "the held-out window overlaps the training one: a router is judged on tasks"
                            + " it did not learn from");
        }
        for (var window :
                List.of(
                        Duration.between(request.trainFrom(), request.trainTo()),
                        Duration.between(request.holdoutFrom(), request.holdoutTo()))) {
            if (window.compareTo(LONGEST_WINDOW) > 0) {
                throw ProblemException.invalidField("trainFrom", "a window is at most 366 days");
            }
        }
    }

    private static ProblemException notFound(String what) {
        return new ProblemException(
                ProblemType.ROUTER_NOT_FOUND, "No learned router " + what + ".");
    }
}
