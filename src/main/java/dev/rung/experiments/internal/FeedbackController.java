package dev.rung.experiments.internal;

import dev.rung.ledger.TaskLedger;
import dev.rung.web.ProblemException;
import dev.rung.web.ProblemType;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Ground truth: reviewers' correct answers, and the queue of tasks sampled for review. */
@RestController
@Tag(
        name = "Ground truth",
        description = "Reviewers' correct answers, compared with the models' in readouts")
class FeedbackController {

    private final JdbcClient jdbc;
    private final TaskLedger ledger;
    private final FeedbackStore feedbacks;

    FeedbackController(JdbcClient jdbc, TaskLedger ledger, FeedbackStore feedbacks) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.feedbacks = feedbacks;
    }

    @Schema(name = "Feedback")
    record Feedback(
            @NotNull
                    @Schema(
                            description =
                                    "The correct answer, in the task type's output shape; fields"
                                            + " left out are not judged",
                            example = "{\"label\": \"sales-ready\"}")
                    JsonNode correct,
            @NotBlank @Size(max = 200) String reviewer,
            @Size(max = 2000) String note) {}

    @Schema(name = "Review")
    record Review(
            UUID taskId,
            UUID experimentId,
            String arm,
            String type,
            String status,
            Instant createdAt) {}

    @PostMapping(
            path = "/v1/tasks/{taskId}/feedback",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Record the correct answer for a task; a later feedback replaces an earlier"
                            + " one")
    Feedback give(@PathVariable UUID taskId, @Valid @RequestBody Feedback feedback) {
        if (!feedback.correct().isObject()) {
            throw ProblemException.invalidField("correct", "must be a JSON object");
        }
        ledger.find(taskId)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        ProblemType.TASK_NOT_FOUND, "No task has this id."));
        feedbacks.record(
                taskId,
                feedback.correct(),
                feedback.reviewer(),
                FeedbackStore.Source.API,
                feedback.note(),
                Instant.now());
        return feedback;
    }

    @GetMapping(path = "/v1/reviews", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Tasks sampled for review, oldest first")
    List<Review> reviews(
            @RequestParam(defaultValue = "pending") @Schema(allowableValues = {"pending", "done"})
                    String status,
            @RequestParam(required = false) @Schema(description = "Only this experiment's reviews")
                    UUID experimentId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        if (!status.equals("pending") && !status.equals("done")) {
            throw ProblemException.invalidField("status", "must be pending or done");
        }
        return jdbc.sql(
                        """
                        select r.task_id, r.experiment_id, r.arm, t.type, r.status, r.created_at
                          from review r join task t on t.id = r.task_id
                         where r.status = ? and (?::uuid is null or r.experiment_id = ?::uuid)
                         order by r.created_at limit ?\
                        """)
                .param(status)
                .param(experimentId)
                .param(experimentId)
                .param(Math.min(Math.max(limit, 1), 500))
                .query(
                        (rs, row) ->
                                new Review(
                                        rs.getObject(1, UUID.class),
                                        rs.getObject(2, UUID.class),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getTimestamp(6).toInstant()))
                .list();
    }
}
