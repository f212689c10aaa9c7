package dev.rung.experiments.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An experiment's readout: per arm, treatment versus control, sample-ratio check, per day, and the
 * stop-loss.
 */
@Schema(name = "Readout")
record Readout(
        ExperimentSummary experiment,
        List<ArmMetrics> arms,
        List<MetricComparison> comparisons,
        Srm srm,
        List<Day> days,
        StopLossState stopLoss,
        @Schema(
                        description =
                                "The effect as it stood at the end of each hour of the"
                                        + " experiment's first three days, then of each day (each"
                                        + " treatment minus control over every task up to then,"
                                        + " subjects as units, intervals as in comparisons):"
                                        + " whether it has settled. Days and hours in the"
                                        + " experiment's own time zone; empty for another")
                List<EffectPoint> effectOverTime,
        @Schema(
                        description =
                                "Per arm, how often a call was hedged (a policy with hedge raced a"
                                        + " call past its model's p95 with a twin) and what the"
                                        + " cancelled twins cost")
                List<ArmHedges> hedges) {

    /**
     * An arm's hedged calls: its finished tasks, those with a hedged call, and the cost of the
     * calls that lost their race ({@code superseded}: cancelled, at their prompt's cost, or
     * answered too late, at their own).
     */
    @Schema(name = "ArmHedges")
    record ArmHedges(
            String arm,
            long tasks,
            long hedgedTasks,
            @Schema(description = "hedgedTasks / tasks; null without tasks") Double hedgeRate,
            @Schema(description = "USD spent on the calls that lost their race")
                    BigDecimal hedgeCostUsd,
            @Schema(description = "hedgeCostUsd over the arm's whole cost; null when it is 0")
                    Double hedgeCostShare) {}

    /** A metric's cumulative treatment-minus-control difference at the end of one day. */
    @Schema(name = "EffectPoint")
    record EffectPoint(
            @Schema(description = "The treatment arm compared with control") String arm,
            LocalDate day,
            @Schema(
                            description =
                                    "In the experiment's first three days, the hour (0-23) of the"
                                            + " day the point stands at the end of; null for a"
                                            + " point at the end of the day")
                    Integer hour,
            @Schema(allowableValues = {"passRate", "costPerSuccess"}) String metric,
            Double estimate,
            Double ciLow,
            Double ciHigh) {}

    @Schema(name = "ReadoutExperiment")
    record ExperimentSummary(
            UUID id,
            String status,
            String taskType,
            String controlPolicy,
            @Schema(description = "The first treatment's policy") String treatmentPolicy,
            @Schema(description = "All treatments' share of subjects together")
                    BigDecimal treatmentShare,
            @Schema(description = "Every arm, control first") List<ArmSummary> arms,
            String promptVersion,
            Integer taskTypeVersion,
            String timeZone) {}

    @Schema(name = "ReadoutArm")
    record ArmSummary(
            String arm,
            String policy,
            BigDecimal share,
            @Schema(
                            description =
                                    "The stop-loss paused this treatment alone: its subjects are"
                                            + " served the control policy, outside the"
                                            + " experiment")
                    boolean paused) {}

    @Schema(
            name = "ArmMetrics",
            description = "Finished tasks only. Costs include failed attempts.")
    record ArmMetrics(
            @Schema(description = "control, or a treatment's name") String arm,
            String policy,
            long subjects,
            long tasks,
            long successes,
            double passRate,
            @Schema(
                            description =
                                    "null when unpricedTasks > 0: a sum without them would"
                                            + " understate the arm's cost")
                    BigDecimal costUsd,
            @Schema(
                            description =
                                    "All attempt costs, failed ones included, divided by successes;"
                                            + " null without successes or when unpricedTasks > 0")
                    BigDecimal costPerSuccessUsd,
            @Schema(description = "null when unpricedTasks > 0") BigDecimal meanCostPerTaskUsd,
            @Schema(
                            description =
                                    "Tasks whose cost is unknown because a model they called had no"
                                            + " price (model_price); the arm's costs are null and"
                                            + " costPerSuccess is not compared while there are any")
                    long unpricedTasks,
            double p50LatencyMs,
            double p95LatencyMs,
            double p99LatencyMs,
            @Schema(description = "Share of tasks that used more than one rung")
                    double escalationRate,
            @Schema(description = "Share of attempts whose answer was schema_invalid")
                    double schemaErrorRate,
            @Schema(description = "Share of attempts that failed at the provider")
                    double providerErrorRate,
            @Schema(
                            description =
                                    "Tasks answered from the response cache (cost 0); leave them"
                                            + " out with excludeCacheHits=true")
                    long cacheHits,
            @Schema(description = "Cached input tokens / input tokens") double cachedTokenShare,
            @Schema(
                            description =
                                    "rule_failed attempts by the task type's rule that failed (an"
                                            + " attempt that broke two rules counts for each)")
                    Map<String, Long> ruleFailures,
            @Schema(
                            description =
                                    "Attempts that failed a citation check, by rung (\"1\" for the"
                                        + " ladder's first model) and outcome: citation_unknown,"
                                        + " quote_mismatch, citation_missing; empty for a task type"
                                        + " without a knowledge source")
                    Map<String, Map<String, Long>> citationFailures,
            @Schema(
                            description =
                                    "Against ground truth (reviewers' answers, CRM corrections);"
                                            + " null in daily rows")
                    Accuracy accuracy,
            @Schema(
                            description =
                                    "The same by the rung that gave the accepted answer (\"1\" for"
                                        + " the ladder's first model, \"0\" for cached answers);"
                                        + " null in daily rows")
                    Map<String, Accuracy> accuracyByRung,
            @Schema(description = "95% Wilson interval of the pass rate (tasks as units)")
                    RateInterval passRateInterval,
            @Schema(description = "95% Wilson interval of the escalation rate (tasks as units)")
                    RateInterval escalationRateInterval,
            @Schema(
                            description =
                                    "95% Wilson interval of the schema-error rate (attempts as"
                                            + " units)")
                    RateInterval schemaErrorRateInterval) {}

    /** A 95% interval of one arm's rate; null bounds with nothing to count. */
    @Schema(name = "RateInterval")
    record RateInterval(Double ciLow, Double ciHigh) {

        static RateInterval wilson(long count, long of) {
            double[] bounds = GroundTruth.wilson(count, of);
            return new RateInterval(
                    Double.isFinite(bounds[0]) ? bounds[0] : null,
                    Double.isFinite(bounds[1]) ? bounds[1] : null);
        }
    }

    @Schema(name = "Accuracy")
    record Accuracy(long reviewed, long correct, Double rate, Double ciLow, Double ciHigh) {}

    @Schema(
            name = "MetricComparison",
            description =
                    "Treatment minus control, subjects as units. With several treatments every"
                            + " interval is at confidence 1 − 0.05 / (number of treatments)"
                            + " (Bonferroni), so that all verdicts together err at most 5% of the"
                            + " time")
    record MetricComparison(
            @Schema(description = "The treatment arm compared with control") String arm,
            @Schema(allowableValues = {"passRate", "costPerSuccess", "p95Latency"}) String metric,
            @Schema(description = "Of the intervals: 0.95 with one treatment") double confidence,
            Interval absolute,
            Interval relative,
            @Schema(
                            description =
                                    "better or worse when the interval excludes no"
                                            + " difference (a higher pass rate, a lower cost or"
                                            + " latency is better); otherwise inconclusive",
                            allowableValues = {"better", "worse", "inconclusive"})
                    String verdict,
            @Schema(
                            description =
                                    "Inconclusive: about how many more subjects per arm a"
                                            + " decision would take at the effect seen so far (95%"
                                            + " confidence, 80% power, fixed horizon); null when"
                                            + " decided or when there is no effect")
                    Long additionalSubjectsPerArm) {}

    @Schema(name = "Interval")
    record Interval(Double estimate, Double ciLow, Double ciHigh, Double pValue) {}

    @Schema(
            name = "Srm",
            description =
                    "Sample-ratio mismatch: chi-square test of subjects per arm against the"
                            + " configured shares, over all arms")
    record Srm(double pValue, boolean flagged, Map<String, Long> subjects) {}

    @Schema(name = "ReadoutDay")
    record Day(LocalDate day, List<ArmMetrics> arms) {}

    @Schema(name = "StopLossState")
    record StopLossState(
            @Schema(allowableValues = {"armed", "paused", "off"}) String state,
            List<ExperimentEvent> events) {}
}
