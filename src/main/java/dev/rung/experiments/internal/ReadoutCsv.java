package dev.rung.experiments.internal;

import java.util.StringJoiner;

/**
 * The readout's days as CSV, one row per arm and day, for spreadsheets. Costs are empty where the
 * readout's are null (no successes, or tasks with an unknown cost: unpriced_tasks), and so are the
 * 95% bounds of a rate with nothing to count.
 */
final class ReadoutCsv {

    static final String HEADER =
            "day,arm,policy,subjects,tasks,successes,pass_rate,cost_usd,cost_per_success_usd,"
                + "mean_cost_per_task_usd,p50_latency_ms,p95_latency_ms,p99_latency_ms,escalation_rate,schema_error_rate,"
                + "provider_error_rate,cached_token_share,unpriced_tasks,pass_rate_ci_low,pass_rate_ci_high,"
                + "escalation_rate_ci_low,escalation_rate_ci_high,schema_error_rate_ci_low,schema_error_rate_ci_high";

    private ReadoutCsv() {}

    static String write(Readout readout) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Readout.Day day : readout.days()) {
            for (Readout.ArmMetrics arm : day.arms()) {
                StringJoiner row = new StringJoiner(",");
                row.add(day.day().toString())
                        .add(arm.arm())
                        .add(arm.policy())
                        .add(String.valueOf(arm.subjects()))
                        .add(String.valueOf(arm.tasks()))
                        .add(String.valueOf(arm.successes()))
                        .add(String.valueOf(arm.passRate()))
                        .add(plain(arm.costUsd()))
                        .add(plain(arm.costPerSuccessUsd()))
                        .add(plain(arm.meanCostPerTaskUsd()))
                        .add(String.valueOf(arm.p50LatencyMs()))
                        .add(String.valueOf(arm.p95LatencyMs()))
                        .add(String.valueOf(arm.p99LatencyMs()))
                        .add(String.valueOf(arm.escalationRate()))
                        .add(String.valueOf(arm.schemaErrorRate()))
                        .add(String.valueOf(arm.providerErrorRate()))
                        .add(String.valueOf(arm.cachedTokenShare()))
                        .add(String.valueOf(arm.unpricedTasks()))
                        .add(bound(arm.passRateInterval(), true))
                        .add(bound(arm.passRateInterval(), false))
                        .add(bound(arm.escalationRateInterval(), true))
                        .add(bound(arm.escalationRateInterval(), false))
                        .add(bound(arm.schemaErrorRateInterval(), true))
                        .add(bound(arm.schemaErrorRateInterval(), false));
                csv.append(row).append('\n');
            }
        }
        return csv.toString();
    }

    /** A 95% bound; empty with nothing to count. */
    private static String bound(Readout.RateInterval interval, boolean low) {
        Double value = interval == null ? null : low ? interval.ciLow() : interval.ciHigh();
        return value == null ? "" : String.valueOf(value);
    }

    private static String plain(java.math.BigDecimal usd) {
        return usd == null ? "" : usd.toPlainString();
    }
}
