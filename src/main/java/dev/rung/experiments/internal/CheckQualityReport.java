package dev.rung.experiments.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a task type's checks caught, judged by reviewed truth: per rung, how many wrong answers the
 * checks failed (and so escalated), how many right answers they failed for nothing, and how often
 * an accepted answer was right. The checks run in order and the first failure is the attempt's
 * outcome, so a check is credited with what the earlier ones let through.
 */
@Schema(name = "CheckQualityReport")
record CheckQualityReport(
        String taskType,
        Instant from,
        Instant to,
        @Schema(description = "The policy the report is limited to; null for all policies")
                String policy,
        @Schema(description = "Tasks in the window with a correct answer on record")
                long reviewedTasks,
        @Schema(
                        description =
                                "Reviewed tasks by where their correct answer came from: api,"
                                        + " hubspot, zendesk, simulator")
                Map<String, Long> truthSources,
        List<RungQuality> rungs) {

    /** One rung's answers, judged. */
    @Schema(name = "CheckQualityRung")
    record RungQuality(
            @Schema(description = "1 for the ladder's first (cheapest) model") int rung,
            List<String> models,
            @Schema(description = "Answers on this rung that could be compared with the truth")
                    long judgedAnswers,
            long rightAnswers,
            long wrongAnswers,
            @Schema(description = "Wrong answers a check failed (recall), of all wrong answers")
                    Proportion wrongCaught,
            @Schema(
                            description =
                                    "Right answers a check failed (false alarms), of all right"
                                            + " answers")
                    Proportion rightEscalated,
            @Schema(description = "Right answers among the answers this rung had accepted")
                    Proportion acceptedAccuracy,
            List<CheckCatch> checks,
            @Schema(
                            description =
                                    "Attempts with no answer to judge, by outcome (refusal,"
                                            + " truncated): escalated, rightly, whatever the truth")
                    Map<String, Long> withoutAnswer,
            @Schema(
                            description =
                                    "What each confidence threshold would have done on this rung's"
                                        + " answers that reached the confidence check; empty when"
                                        + " the task type has no confidence field")
                    List<ThresholdPoint> confidenceThresholds) {}

    /** One check on one rung. */
    @Schema(name = "CheckCatch")
    record CheckCatch(
            @Schema(
                            allowableValues = {
                                "schema_invalid",
                                "missing_fields",
                                "rule_failed",
                                "citation_unknown",
                                "quote_mismatch",
                                "citation_missing",
                                "low_confidence",
                                "verifier_rejected"
                            })
                    String check,
            @Schema(description = "Wrong answers this check failed, of the rung's wrong answers")
                    Proportion wrongCaught,
            @Schema(description = "Right answers this check failed, of the rung's right answers")
                    Proportion rightEscalated) {}

    /** Had the confidence threshold been {@code threshold}. */
    @Schema(name = "ThresholdPoint")
    record ThresholdPoint(
            double threshold,
            Proportion wrongCaught,
            Proportion rightEscalated,
            Proportion acceptedAccuracy) {}

    /** {@code count} of {@code of}, with a 95% Wilson interval; share and interval null for 0. */
    @Schema(name = "Proportion")
    record Proportion(long count, long of, Double share, Double ciLow, Double ciHigh) {

        static Proportion of(long count, long of) {
            if (of == 0) {
                return new Proportion(count, of, null, null, null);
            }
            double[] ci = GroundTruth.wilson(count, of);
            return new Proportion(count, of, (double) count / of, ci[0], ci[1]);
        }
    }
}
