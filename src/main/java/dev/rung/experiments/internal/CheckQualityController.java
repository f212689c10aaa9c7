package dev.rung.experiments.internal;

import dev.rung.task.TaskCatalog;
import dev.rung.task.TaskDefinition;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code GET /v1/task-types/{slug}/check-quality}: whether "pass rate" means quality. */
@RestController
@Tag(
        name = "Check quality",
        description = "What each check of a task type caught, judged by reviewed truth")
class CheckQualityController {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    static final Duration LONGEST_WINDOW = Duration.ofDays(366);

    private final TaskCatalog catalog;
    private final CheckQuality quality;

    CheckQualityController(TaskCatalog catalog, CheckQuality quality) {
        this.catalog = catalog;
        this.quality = quality;
    }

    @GetMapping(
            path = "/v1/task-types/{slug}/check-quality",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Per rung: wrong answers the checks caught, right answers they escalated,"
                        + " accuracy of accepted answers, and what each confidence threshold would"
                        + " do, from tasks with a correct answer on record (reviews, feedback, CRM"
                        + " corrections, the simulator's truth)")
    @ApiResponse(
            responseCode = "400",
            description = "from or to is not an instant, or the window is empty or too long",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No such task type",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    CheckQualityReport checkQuality(
            @PathVariable String slug,
            @RequestParam(required = false)
                    @Parameter(
                            description =
                                    "Tasks created from this instant (ISO-8601); default 7 days"
                                            + " before to")
                    String from,
            @RequestParam(required = false)
                    @Parameter(description = "Tasks created before this instant; default now")
                    String to,
            @RequestParam(required = false)
                    @Parameter(description = "Only tasks routed by this policy")
                    String policy) {
        TaskDefinition type =
                catalog.current(slug)
                        .orElseThrow(
                                () ->
                                        new ProblemException(
                                                ProblemType.UNKNOWN_TASK_TYPE,
                                                "Rung has no task type named '" + slug + "'."));
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_WINDOW) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalidField("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
            throw ProblemException.invalidField("from", "the window is at most 366 days");
        }
        return quality.report(
                type, start, end, Optional.ofNullable(policy).filter(name -> !name.isBlank()));
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(
                    field, "must be an ISO-8601 instant, e.g. 2026-11-30T00:00:00Z");
        }
    }
}
