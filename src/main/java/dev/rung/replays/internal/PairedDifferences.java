package dev.rung.replays.internal;

import dev.rung.task.Answers;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replay minus served, pair by pair: both answered the same input, so each pair's difference
 * removes what the inputs themselves vary by, and the mean difference gets a t interval.
 */
final class PairedDifferences {

    private record Metric(SummaryStatistics differences, boolean higherIsBetter) {}

    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    PairedDifferences() {
        metrics.put("passRate", new Metric(new SummaryStatistics(), true));
        metrics.put("costPerTask", new Metric(new SummaryStatistics(), false));
        metrics.put("latencyMs", new Metric(new SummaryStatistics(), false));
        metrics.put("escalationRate", new Metric(new SummaryStatistics(), false));
        metrics.put("reviewedAccuracy", new Metric(new SummaryStatistics(), true));
    }

    void add(ReplayReadouts.Row served, ReplayReadouts.Row replay, JsonNode correct) {
        add("passRate", indicator(replay.succeeded()) - indicator(served.succeeded()));
        if (served.cost() != null && replay.cost() != null) {
            add("costPerTask", replay.cost().subtract(served.cost()).doubleValue());
        }
        if (served.latencyMs() != null && replay.latencyMs() != null) {
            add("latencyMs", replay.latencyMs() - served.latencyMs());
        }
        add("escalationRate", indicator(replay.maxRung() > 1) - indicator(served.maxRung() > 1));
        if (correct != null) {
            add(
                    "reviewedAccuracy",
                    indicator(Answers.matches(replay.result(), correct))
                            - indicator(Answers.matches(served.result(), correct)));
        }
    }

    List<ReplayReadout.Difference> all() {
        List<ReplayReadout.Difference> all = new ArrayList<>();
        metrics.forEach((name, metric) -> all.add(difference(name, metric)));
        return all;
    }

    private void add(String metric, double difference) {
        metrics.get(metric).differences().addValue(difference);
    }

    private static ReplayReadout.Difference difference(String name, Metric metric) {
        SummaryStatistics d = metric.differences();
        long n = d.getN();
        if (n < 2) {
            return new ReplayReadout.Difference(
                    name, n, n == 0 ? null : d.getMean(), null, null, "inconclusive");
        }
        double halfWidth =
                new TDistribution(n - 1).inverseCumulativeProbability(0.975)
                        * d.getStandardDeviation()
                        / Math.sqrt(n);
        double low = d.getMean() - halfWidth;
        double high = d.getMean() + halfWidth;
        String verdict =
                low > 0
                        ? (metric.higherIsBetter() ? "better" : "worse")
                        : high < 0
                                ? (metric.higherIsBetter() ? "worse" : "better")
                                : "inconclusive";
        return new ReplayReadout.Difference(name, n, d.getMean(), low, high, verdict);
    }

    private static double indicator(boolean value) {
        return value ? 1 : 0;
    }
}
