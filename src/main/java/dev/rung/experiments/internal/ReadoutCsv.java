package dev.rung.experiments.internal;

import java.util.StringJoiner;

/** The readout's days as CSV, one row per arm and day, for spreadsheets. */
final class ReadoutCsv {

    static final String HEADER = "day,arm,policy,subjects,tasks,successes,pass_rate,cost_usd,cost_per_success_usd,"
            + "mean_cost_per_task_usd,p50_latency_ms,p95_latency_ms,p99_latency_ms,escalation_rate,schema_error_rate,"
            + "provider_error_rate,cached_token_share";

    private ReadoutCsv() {
    }

    static String write(Readout readout) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Readout.Day day : readout.days()) {
            for (Readout.ArmMetrics arm : day.arms()) {
                StringJoiner row = new StringJoiner(",");
                row.add(day.day().toString()).add(arm.arm()).add(arm.policy())
                        .add(String.valueOf(arm.subjects())).add(String.valueOf(arm.tasks())).add(String.valueOf(arm.successes()))
                        .add(String.valueOf(arm.passRate())).add(arm.costUsd().toPlainString())
                        .add(arm.costPerSuccessUsd() == null ? "" : arm.costPerSuccessUsd().toPlainString())
                        .add(arm.meanCostPerTaskUsd() == null ? "" : arm.meanCostPerTaskUsd().toPlainString())
                        .add(String.valueOf(arm.p50LatencyMs())).add(String.valueOf(arm.p95LatencyMs()))
                        .add(String.valueOf(arm.p99LatencyMs())).add(String.valueOf(arm.escalationRate()))
                        .add(String.valueOf(arm.schemaErrorRate())).add(String.valueOf(arm.providerErrorRate()))
                        .add(String.valueOf(arm.cachedTokenShare()));
                csv.append(row).append('\n');
            }
        }
        return csv.toString();
    }
}
