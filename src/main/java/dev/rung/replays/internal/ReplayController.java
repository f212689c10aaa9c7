package dev.rung.replays.internal;

import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

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
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Replays: start one, follow it, cancel it, read it out. */
@RestController
@RequestMapping(path = "/v1/replays", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
        name = "Replays",
        description =
                "A candidate policy run over stored task inputs, read out beside what was served")
@ApiResponse(
        responseCode = "404",
        description = "No such replay or task type",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(implementation = ProblemDetail.class)))
class ReplayController {

    private final ReplayStore store;
    private final ReplayRunner runner;
    private final ReplayReadouts readouts;
    private final ReplayStarter starter;
    private final ShadowSampler shadows;

    ReplayController(
            ReplayStore store,
            ReplayRunner runner,
            ReplayReadouts readouts,
            ReplayStarter starter,
            ShadowSampler shadows) {
        this.store = store;
        this.runner = runner;
        this.readouts = readouts;
        this.starter = starter;
        this.shadows = shadows;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Start a replay: the candidate policy over the stored inputs of the window's"
                        + " served tasks, in the background; answered at once with its progress")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid request",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Started: the replay, with Location",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ReplayView.class)))
    ResponseEntity<ReplayView> start(@Valid @RequestBody ReplayRequest request) {
        ReplayView replay = starter.start(request);
        return ResponseEntity.accepted()
                .location(URI.create("/v1/replays/" + replay.id()))
                .body(replay);
    }

    @GetMapping
    @Operation(summary = "The latest replays, newest first")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            array =
                                    @io.swagger.v3.oas.annotations.media.ArraySchema(
                                            schema = @Schema(implementation = ReplayView.class))))
    List<ReplayView> list() {
        return store.all();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A replay and how far it got")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ReplayView.class)))
    ReplayView get(@PathVariable UUID id) {
        return find(id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Stop a running replay before its next task")
    @ApiResponse(
            responseCode = "409",
            description = "The replay has ended",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "200",
            description = "Cancelled",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ReplayView.class)))
    ReplayView cancel(@PathVariable UUID id) {
        ReplayView replay = find(id);
        runner.cancel(id);
        if (!store.end(id, ReplayStatus.CANCELLED, null)) {
            throw new ProblemException(
                    ProblemType.REPLAY_ENDED,
                    "Only a running replay can be cancelled; this one is "
                            + find(id).status()
                            + ".");
        }
        shadows.refresh();
        return find(replay.id());
    }

    @GetMapping("/{id}/readout")
    @Operation(
            summary =
                    "The replay beside what was served for the same tasks: pass rate, cost per"
                        + " successful task, latency, escalations, reviewed accuracy, agreement")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ReplayReadout.class)))
    ReplayReadout readout(@PathVariable UUID id) {
        return readouts.readout(find(id));
    }

    private ReplayView find(UUID id) {
        return store.find(id)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.REPLAY_NOT_FOUND,
                                        "No replay has id " + id + "."));
    }
}
