package dev.rung.intake.internal;

import dev.rung.ledger.StoredTask;

import io.swagger.v3.oas.annotations.media.Schema;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A task as callers see it, the same whether just run or read back from the ledger. */
@Schema(name = "Task")
record TaskView(
        UUID taskId,
        String type,
        @Schema(
                        description =
                                "The version of the task type the task ran on (GET"
                                    + " /v1/task-types/{type}); null for tasks stored before task"
                                    + " types had versions")
                Integer typeVersion,
        @Schema(allowableValues = {"queued", "running", "succeeded", "failed"}) String status,
        @Schema(
                        description =
                                "true when answers came from Rung's built-in simulator, not a real"
                                        + " model")
                boolean simulated,
        @Schema(description = "true when answered from the response cache: no model call, cost 0")
                boolean cacheHit,
        @Schema(description = "The validated answer; null unless the task succeeded")
                JsonNode result,
        @Schema(
                        description =
                                "Why the task failed: ladder_exhausted, fatal_provider_error,"
                                    + " deadline_exceeded (the deadline passed first),"
                                    + " deadline_unreachable (no rung left has lately answered"
                                    + " within the time left, so none was started), max_attempts,"
                                    + " internal_error, interrupted (the instance running it"
                                    + " stopped; retry with the same Idempotency-Key to run it"
                                    + " anew); null otherwise")
                String failureReason,
        RouteView route,
        List<AttemptView> attempts,
        @Schema(
                        description =
                                "Sum of the attempts' costs in USD; null when a model's price is"
                                        + " unknown")
                BigDecimal costUsd,
        @Schema(description = "End-to-end time in Rung") Long latencyMs,
        Instant createdAt,
        Instant finishedAt,
        @Schema(
                        description =
                                "The caller's deadline (the request's deadline or"
                                        + " X-Rung-Deadline); null when none was given")
                Instant deadline) {

    @Schema(name = "Route")
    record RouteView(
            @Schema(allowableValues = {"A", "B"}) String tier,
            String policy,
            @Schema(description = "The experiment this task ran in; null when none")
                    ExperimentView experiment) {}

    @Schema(name = "RouteExperiment")
    record ExperimentView(UUID id, String arm) {}

    @Schema(name = "Attempt")
    record AttemptView(
            @Schema(description = "1 for the ladder's first (cheapest) model") int rung,
            @Schema(description = "The model id as sent") String model,
            @Schema(description = "The model name the provider answered with (often dated)")
                    String modelAnswered,
            @Schema(
                            description =
                                    "who served the model: openai, simulator, or a provider"
                                            + " named under rung.gateway.providers (a local"
                                            + " server, anthropic, gemini)")
                    String provider,
            @Schema(
                            description =
                                    "in_flight while its call runs; then pass, schema_invalid,"
                                        + " missing_fields, rule_failed, citation_unknown,"
                                        + " quote_mismatch, citation_missing, low_confidence,"
                                        + " refusal, truncated, rate_limited, quota_exhausted,"
                                        + " provider_error, overloaded (the provider as a whole had"
                                        + " no capacity: Anthropic's 529, Gemini's 503),"
                                        + " capacity_unavailable (flex had no capacity: the same"
                                        + " call goes to the standard tier), timeout, bad_request,"
                                        + " auth_error, throttled, circuit_open, budget_exhausted,"
                                        + " interrupted (the instance running it stopped before the"
                                        + " answer came back), or for a bulk job's batch line that"
                                        + " never ran batch_expired (it went in the job's next"
                                        + " batch), batch_cancelled or batch_failed")
                    String outcome,
            @Schema(
                            description =
                                    "Evidence for the outcome and what happened next (next: accept,"
                                            + " retry_same_rung, next_rung, stop; why)")
                    Map<String, Object> detail,
            @Schema(description = "null while in flight") Long latencyMs,
            TokensView tokens,
            @Schema(description = "USD; null when the model's price is unknown") BigDecimal costUsd,
            @Schema(
                            description =
                                    "true when costUsd is an estimate (the prompt's tokens at the"
                                        + " uncached price): the attempt was interrupted before its"
                                        + " usage came back")
                    boolean costEstimated,
            @Schema(
                            description =
                                    "The tier the call was sent on and priced from: default"
                                            + " (standard), flex, or batch (a bulk job's line"
                                            + " through the Batch API)",
                            allowableValues = {"default", "flex", "batch"})
                    String serviceTier) {}

    @Schema(name = "Tokens")
    record TokensView(long input, long cachedInput, long output, long reasoning) {}

    static TaskView of(StoredTask task) {
        ExperimentView experiment =
                task.experimentId() == null
                        ? null
                        : new ExperimentView(task.experimentId(), task.arm());
        List<AttemptView> attempts =
                task.attempts().stream()
                        .map(
                                a ->
                                        new AttemptView(
                                                a.rung(),
                                                a.modelRequested(),
                                                a.modelAnswered(),
                                                a.provider(),
                                                a.outcome(),
                                                a.detail(),
                                                a.latencyMs(),
                                                new TokensView(
                                                        a.inputTokens(),
                                                        a.cachedInputTokens(),
                                                        a.outputTokens(),
                                                        a.reasoningTokens()),
                                                a.costUsd(),
                                                a.costEstimated(),
                                                a.serviceTier()))
                        .toList();
        return new TaskView(
                task.id(),
                task.type(),
                task.typeVersion(),
                task.status().wire(),
                task.simulated(),
                task.cacheHit(),
                task.result(),
                task.failureReason(),
                new RouteView(task.tier(), task.policy(), experiment),
                attempts,
                task.costUsd(),
                task.latencyMs(),
                task.createdAt(),
                task.finishedAt(),
                task.deadline());
    }
}
