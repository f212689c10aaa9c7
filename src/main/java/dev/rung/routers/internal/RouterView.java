package dev.rung.routers.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A router version: what it was trained on, and how it did when replayed on held-out tasks. */
@Schema(name = "Router")
record RouterView(
        String name,
        int version,
        @Schema(
                        description =
                                "The policy that routes with it: name it in an experiment's arm"
                                        + " or a replay",
                        example = "learned:leads@1")
                String policy,
        String taskType,
        String basePolicy,
        @Schema(
                        allowableValues = {"training", "evaluating", "evaluated", "failed"},
                        description =
                                "evaluated: every evaluation replay has ended; only then may it"
                                        + " serve live traffic")
                String status,
        Instant trainFrom,
        Instant trainTo,
        Instant holdoutFrom,
        Instant holdoutTo,
        BigDecimal spendCapUsd,
        @Schema(description = "Start at the first rung at a predicted pass probability this high")
                Double threshold,
        Training training,
        @Schema(description = "Null until the model is trained") Evaluation evaluation,
        String createdBy,
        Instant createdAt,
        Instant finishedAt,
        @Schema(description = "Why a failed router stopped") String error) {

    /** What the model was fitted on. */
    @Schema(name = "RouterTraining")
    record Training(
            @Schema(description = "Tasks whose first rung answered on the base policy's model")
                    long examples,
            @Schema(description = "... of which it passed its checks (and was right, if reviewed)")
                    long firstRungPasses,
            @Schema(description = "Examples with a correct answer on record") long reviewed,
            @Schema(description = "Mean log-loss of the fitted model on its examples")
                    double logLoss,
            @Schema(description = "Share of the examples it would start one rung higher")
                    double startsHigherShare) {}

    /** The held-out replays, side by side. */
    @Schema(name = "RouterEvaluation")
    record Evaluation(
            List<Replayed> policies,
            @Schema(
                            description =
                                    "Router minus base policy, in cost per successful task (USD);"
                                            + " null until both have successes")
                    BigDecimal costPerSuccessVsBaseUsd,
            @Schema(description = "Router minus base policy, in pass rate; null until both ran")
                    Double passRateVsBase) {}

    /** One policy replayed over the held-out window. */
    @Schema(name = "RouterReplay")
    record Replayed(
            String policy,
            @Schema(allowableValues = {"router", "base", "compared"}) String role,
            UUID replayId,
            @Schema(allowableValues = {"running", "completed", "cancelled", "capped", "failed"})
                    String status,
            int candidates,
            int processed,
            int skippedErased,
            long tasks,
            long successes,
            Double passRate,
            BigDecimal costPerSuccessUsd,
            @Schema(description = "Share of tasks whose answer agreed with the one served then")
                    Double agreementWithServed,
            @Schema(description = "Against the correct answers on record; null without any")
                    Double reviewedAccuracy) {}
}
