package dev.rung.experiments.internal;

import dev.rung.web.ProblemException;

import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Experiments between routing policies: lifecycle, readout and stop-loss. */
@RestController
@RequestMapping(path = "/v1/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Experiments", description = "A/B experiments between routing policies")
@ApiResponse(
        responseCode = "400",
        description = "Invalid request",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(
        responseCode = "404",
        description = "No such experiment",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(
        responseCode = "409",
        description = "The change is not possible in the experiment's state",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class ExperimentController {

    private final ExperimentLifecycle lifecycle;
    private final ExperimentRepository experiments;
    private final ReadoutService readouts;
    private final StopLoss stopLoss;

    ExperimentController(
            ExperimentLifecycle lifecycle,
            ExperimentRepository experiments,
            ReadoutService readouts,
            StopLoss stopLoss) {
        this.lifecycle = lifecycle;
        this.experiments = experiments;
        this.readouts = readouts;
        this.stopLoss = stopLoss;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create an experiment (as a draft)")
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ExperimentView.class)))
    ResponseEntity<ExperimentView> create(@Valid @RequestBody ExperimentRequests.Create request) {
        Experiment e = lifecycle.create(request, "api");
        return ResponseEntity.created(URI.create("/v1/experiments/" + e.id())).body(view(e));
    }

    @GetMapping
    @Operation(summary = "All experiments, newest first")
    List<ExperimentView> list() {
        return experiments.list().stream().map(e -> ExperimentView.of(e, List.of())).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One experiment with its history of state changes")
    ExperimentView get(@PathVariable UUID id) {
        return view(lifecycle.find(id));
    }

    @PostMapping("/{id}/start")
    @Operation(
            summary =
                    "Start: pins the prompt version and sends the task type's traffic through the"
                            + " experiment")
    ExperimentView start(
            @PathVariable UUID id,
            @Valid @RequestBody(required = false) ExperimentRequests.Change change) {
        return view(lifecycle.start(id, actor(change), reason(change)));
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause the treatment: all traffic goes to the control policy")
    ExperimentView pause(
            @PathVariable UUID id,
            @Valid @RequestBody(required = false) ExperimentRequests.Change change) {
        return view(lifecycle.pause(id, actor(change), reason(change), Map.of()));
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume the treatment after a pause")
    ExperimentView resume(
            @PathVariable UUID id,
            @Valid @RequestBody(required = false) ExperimentRequests.Change change) {
        return view(lifecycle.resume(id, actor(change), reason(change)));
    }

    @PostMapping("/{id}/stop")
    @Operation(summary = "Stop for good")
    ExperimentView stop(
            @PathVariable UUID id,
            @Valid @RequestBody(required = false) ExperimentRequests.Change change) {
        return view(lifecycle.stop(id, actor(change), reason(change)));
    }

    @PostMapping("/{id}/stop-loss/evaluate")
    @Operation(summary = "Evaluate the stop-loss now; pauses the treatment if a rule fires")
    Map<String, Object> evaluateStopLoss(@PathVariable UUID id) {
        return stopLoss.evaluate(lifecycle.find(id), null);
    }

    @GetMapping("/{id}/readout")
    @Operation(
            operationId = "experimentReadout",
            summary =
                    "The readout: per arm, treatment vs control with 95% intervals, SRM, per day,"
                            + " stop-loss")
    @ApiResponse(
            responseCode = "200",
            description = "The readout; as CSV (one row per arm and day) with Accept: text/csv",
            content = {
                @Content(
                        mediaType = "application/json",
                        schema = @Schema(implementation = Readout.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    Readout readout(
            @PathVariable UUID id,
            @RequestParam(required = false) String timeZone,
            @RequestParam(defaultValue = "false") boolean excludeCacheHits) {
        Experiment e = lifecycle.find(id);
        return readouts.readout(e, zone(e, timeZone), excludeCacheHits);
    }

    /** Documented with the JSON readout above, as its text/csv representation. */
    @GetMapping(path = "/{id}/readout", produces = "text/csv")
    @io.swagger.v3.oas.annotations.Hidden
    ResponseEntity<String> readoutCsv(
            @PathVariable UUID id,
            @RequestParam(required = false) String timeZone,
            @RequestParam(defaultValue = "false") boolean excludeCacheHits) {
        Experiment e = lifecycle.find(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"readout-" + id + ".csv\"")
                .body(ReadoutCsv.write(readouts.readout(e, zone(e, timeZone), excludeCacheHits)));
    }

    private ExperimentView view(Experiment e) {
        return ExperimentView.of(e, experiments.events(e.id()));
    }

    private static String zone(Experiment e, String requested) {
        String zone = requested == null ? e.timeZone() : requested;
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException invalid) {
            throw ProblemException.invalidField(
                    "timeZone", "is not a time zone id such as UTC or Europe/Berlin");
        }
    }

    private static String actor(ExperimentRequests.Change change) {
        return change == null ? "api" : change.actorOrDefault();
    }

    private static String reason(ExperimentRequests.Change change) {
        return change == null ? null : change.reason();
    }
}
