package dev.rung.bench;

import dev.rung.bench.OpenLoop.Route;

import java.util.Map;

/**
 * The load benchmark's targets, each judged from one run: Rung's CPU per task against Portkey's per
 * request, Rung's overhead against Portkey's, 1,000/s served in full, and 2,000/s answered quickly
 * (a 200 or a 503) rather than late.
 */
final class Targets {

    private Targets() {}

    static void judge(Map<Integer, OpenLoop.Result> byRate, boolean withPortkey) {
        System.out.printf("%nTargets:%n");
        if (withPortkey) {
            for (int rate : new int[] {200, 500}) {
                OpenLoop.Result result = byRate.get(rate);
                if (result != null) {
                    double rung = result.cpuMsPerRequest(Route.RUNG);
                    double portkey = result.cpuMsPerRequest(Route.PORTKEY);
                    verdict(
                            ("%d/s: Rung's CPU per task %.2f ms, at most half of Portkey's %.2f ms"
                                            + " (ratio %.2f)")
                                    .formatted(rate, rung, portkey, rung / portkey),
                            rung / portkey,
                            0.5,
                            "in the ratio");
                }
            }
            OpenLoop.Result at200 = byRate.get(200);
            if (at200 != null) {
                for (double percentile : new double[] {50, 99}) {
                    double rung = at200.overheadMs(Route.RUNG, percentile);
                    double portkey = at200.overheadMs(Route.PORTKEY, percentile);
                    verdict(
                            "200/s: Rung's overhead p%.0f %.2f ms, no worse than Portkey's %.2f ms"
                                    .formatted(percentile, rung, portkey),
                            rung,
                            portkey,
                            "ms");
                }
            }
        }
        OpenLoop.Result at1000 = byRate.get(1000);
        if (at1000 != null) {
            verdict(
                    "1000/s: served in full, errors %d".formatted(at1000.errors()),
                    at1000.errors(),
                    0,
                    "errors");
            verdict(
                    "1000/s: Rung's overhead p99 %.2f ms, at most 50 ms"
                            .formatted(at1000.overheadMs(99)),
                    at1000.overheadMs(99),
                    50,
                    "ms");
        }
        OpenLoop.Result at2000 = byRate.get(2000);
        if (at2000 != null) {
            OpenLoop.RouteResult rung = at2000.of(Route.RUNG);
            double slowest = rung.answered().getMaxValue() / 1000.0;
            long unanswered =
                    rung.errorKinds().entrySet().stream()
                            .filter(kind -> !kind.getKey().equals("503"))
                            .mapToLong(Map.Entry::getValue)
                            .sum();
            verdict(
                    "2000/s: every request answered within 1 s, the slowest in %.0f ms (%d shed"
                                    .formatted(slowest, rung.errorKinds().getOrDefault("503", 0L))
                            + " with 503)",
                    slowest,
                    1000,
                    "ms");
            verdict(
                    "2000/s: no answer but a 200 or a 503, others %d".formatted(unanswered),
                    unanswered,
                    0,
                    "answers");
        }
    }

    private static void verdict(String what, double value, double target, String unit) {
        System.out.printf(
                "  %s: %s%n",
                what,
                value <= target ? "met" : String.format("missed by %.2f %s", value - target, unit));
    }
}
