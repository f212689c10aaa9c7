package dev.rung.intake.internal;

import dev.rung.task.Stakes;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * Documents a task request's body; requests are read as JSON and checked against the type's input
 * schema.
 */
@Schema(
        name = "TaskSubmission",
        requiredProperties = {"subjectId", "input"})
record TaskSubmission(
        @Schema(
                        description =
                                "Who the task is about (a lead, a ticket, an account): experiments"
                                        + " assign arms by it, erasure finds tasks by it",
                        maxLength = 200,
                        example = "lead-42")
                String subjectId,
        @Schema(
                        description =
                                "The task's input, valid against the type's input schema (GET"
                                        + " /v1/task-types/{slug}); null fields count as absent")
                Map<String, Object> input,
        @Schema(description = "Any flag set routes the task to Tier A") Stakes stakes,
        @Schema(
                        description =
                                "When the caller stops waiting (ISO-8601 with offset; or the"
                                        + " X-Rung-Deadline header): no rung starts that has"
                                        + " lately taken longer than the time left, and the task"
                                        + " fails with deadline_unreachable or deadline_exceeded"
                                        + " rather than answer late",
                        example = "2026-11-30T18:00:05Z")
                java.time.Instant deadline) {}
