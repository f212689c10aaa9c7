package dev.rung.replays.internal;

import io.swagger.v3.oas.annotations.media.Schema;

import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

import java.math.BigDecimal;
import java.util.List;

/**
 * A replay beside what was served for the same tasks: the two as arms, with what a decision needs
 * (pass rate, cost per successful task, latency, escalations, accuracy against reviews), and how
 * often the replay's answer agreed with the served one.
 */
@Schema(name = "ReplayReadout")
record ReplayReadout(
        ReplayView replay,
        @Schema(description = "served (what callers got then), then replay (the candidate policy)")
                List<Side> arms,
        @Schema(
                        description =
                                "Tasks both answered whose replayed answer matched the served one"
                                        + " on the answer's decision fields (those with a set of"
                                        + " allowed values, and booleans; every field but numbers"
                                        + " when there are none)")
                Proportion agreement,
        @Schema(description = "The decision fields agreement compares") List<String> agreementOn,
        @Schema(
                        description =
                                "Replay minus served, task for task (each pair shares its input):"
                                        + " the mean difference with a 95% interval")
                List<Difference> comparisons) {

    /**
     * A paired difference: per task, the replay's value minus the served one's, averaged, with a t
     * interval.
     */
    @Schema(name = "ReplayDifference")
    record Difference(
            @Schema(
                            allowableValues = {
                                "passRate",
                                "costPerTask",
                                "latencyMs",
                                "escalationRate",
                                "reviewedAccuracy"
                            })
                    String metric,
            @Schema(description = "Pairs the difference rests on") long pairs,
            Double estimate,
            Double ciLow,
            Double ciHigh,
            @Schema(
                            description =
                                    "better or worse for the replay when the interval excludes no"
                                            + " difference; otherwise inconclusive",
                            allowableValues = {"better", "worse", "inconclusive"})
                    String verdict) {}

    /** One arm. */
    @Schema(name = "ReplayArm")
    record Side(
            @Schema(allowableValues = {"served", "replay"}) String arm,
            @Schema(description = "The policy; for served, each policy that served a task")
                    List<String> policies,
            long tasks,
            long successes,
            Proportion passRate,
            @Schema(description = "null when a task's cost is unknown (an unpriced model)")
                    BigDecimal costUsd,
            @Schema(description = "Total cost (failed tasks included) over successful tasks")
                    BigDecimal costPerSuccessUsd,
            long unpricedTasks,
            Double p50LatencyMs,
            Double p95LatencyMs,
            @Schema(description = "Tasks that used more than one rung") Proportion escalationRate,
            @Schema(
                            description =
                                    "Tasks whose answer matched the correct one on record (reviews,"
                                        + " feedback, CRM corrections, the simulator's truth), of"
                                        + " the tasks with one; failed tasks count as wrong")
                    Proportion reviewedAccuracy) {}

    /** {@code count} of {@code of} with a 95% Wilson interval; null share and bounds for 0 of 0. */
    @Schema(name = "ReplayProportion")
    record Proportion(long count, long of, Double share, Double ciLow, Double ciHigh) {

        static Proportion of(long count, long of) {
            if (of == 0) {
                return new Proportion(count, of, null, null, null);
            }
            var interval = new WilsonScoreInterval().createInterval((int) of, (int) count, 0.95);
            return new Proportion(
                    count,
                    of,
                    (double) count / of,
                    interval.getLowerBound(),
                    interval.getUpperBound());
        }
    }
}
