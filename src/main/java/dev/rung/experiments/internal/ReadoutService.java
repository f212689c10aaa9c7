package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;
import dev.rung.experiments.internal.statistics.Comparison;
import dev.rung.experiments.internal.statistics.SampleRatio;
import dev.rung.experiments.internal.statistics.Statistic;
import dev.rung.experiments.internal.statistics.Verdict;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns the SQL aggregates into the readout: arm metrics, comparisons with intervals, SRM, days,
 * stop-loss.
 */
@Component
class ReadoutService {

    static final double ALPHA = 0.05;

    private final ReadoutQueries queries;
    private final ReadoutRollups rollups;
    private final ExperimentRepository experiments;
    private final ReviewedAccuracy reviewedAccuracy;
    private final HedgeReadout hedges;
    private final EffectOverTime effects;

    ReadoutService(
            ReadoutQueries queries,
            ReadoutRollups rollups,
            ExperimentRepository experiments,
            ReviewedAccuracy reviewedAccuracy,
            HedgeReadout hedges,
            EffectOverTime effects) {
        this.effects = effects;
        this.queries = queries;
        this.rollups = rollups;
        this.experiments = experiments;
        this.reviewedAccuracy = reviewedAccuracy;
        this.hedges = hedges;
    }

    /**
     * From the rollups; days in another time zone than the experiment's are computed from the task
     * rows.
     */
    Readout readout(Experiment e, String timeZone, boolean excludeCacheHits) {
        boolean ownZone = java.time.ZoneId.of(e.timeZone()).getId().equals(timeZone);
        return readout(e, timeZone, excludeCacheHits, rollups, ownZone ? rollups : queries);
    }

    /** The same readout computed from the task and attempt rows alone: the full recomputation. */
    Readout recomputed(Experiment e, String timeZone, boolean excludeCacheHits) {
        return readout(e, timeZone, excludeCacheHits, queries, queries);
    }

    Readout readout(
            Experiment e,
            String timeZone,
            boolean excludeCacheHits,
            ReadoutSource whole,
            ReadoutSource perDay) {
        Map<String, ArmAggregate> cumulative =
                whole.aggregates(e.id(), false, timeZone, excludeCacheHits);
        List<String> names = e.arms().stream().map(ExperimentArm::name).toList();
        Map<String, ReviewedAccuracy.ArmAccuracy> accuracy = reviewedAccuracy.of(e.id(), names);
        List<Readout.ArmMetrics> arms =
                names.stream()
                        .map(
                                arm ->
                                        metrics(
                                                e,
                                                cumulative.getOrDefault(
                                                        arm, new ArmAggregate(arm, null)),
                                                accuracy.get(arm)))
                        .toList();
        Map<String, Long> subjects = new LinkedHashMap<>();
        arms.forEach(arm -> subjects.put(arm.arm(), arm.subjects()));
        double srm =
                SampleRatio.pValue(
                        arms.stream().mapToLong(Readout.ArmMetrics::subjects).toArray(),
                        e.arms().stream().mapToDouble(arm -> arm.share().doubleValue()).toArray());
        boolean ownZone = java.time.ZoneId.of(e.timeZone()).getId().equals(timeZone);
        return new Readout(
                summary(e, timeZone),
                arms,
                comparisons(whole, e, cumulative, excludeCacheHits),
                new Readout.Srm(srm, srm < SampleRatio.FLAG_BELOW, subjects),
                days(e, perDay.aggregates(e.id(), true, timeZone, excludeCacheHits)),
                stopLoss(e),
                ownZone
                        ? effects.of(e, excludeCacheHits, cumulative, perDay != rollups)
                        : List.of(),
                hedges.of(e.id(), names));
    }

    private static Readout.ExperimentSummary summary(Experiment e, String timeZone) {
        return new Readout.ExperimentSummary(
                e.id(),
                e.status().wire(),
                e.taskType(),
                e.controlPolicy(),
                e.treatments().getFirst().policy(),
                BigDecimal.ONE.subtract(e.control().share()),
                e.arms().stream().map(ExperimentArm::summary).toList(),
                e.promptVersion(),
                e.taskTypeVersion(),
                timeZone);
    }

    /**
     * Each treatment's comparisons with control are taken at confidence 1 − 0.05 / k for k
     * treatments (Bonferroni), so that the chance of any false verdict over all of them stays at
     * most 5%; with one treatment that is the plain 95%.
     */
    static double comparisonAlpha(Experiment e) {
        return ALPHA / e.treatments().size();
    }

    /**
     * The cumulative statistics the stop-loss judges: pass rate per subject, and escalations per
     * task. Cache hits are left out: they say nothing about how the policy's models perform.
     */
    Map<String, ArmAggregate> cumulative(UUID experimentId) {
        return rollups.aggregates(experimentId, false, "UTC", true);
    }

    static Statistic.Ratio passRate(ArmAggregate a) {
        return new Statistic.Ratio(
                new Statistic.SampleMean(a.subjects, a.subjectSuccesses[0], a.subjectSuccesses[1]),
                new Statistic.SampleMean(a.subjects, a.subjectTasks[0], a.subjectTasks[1]),
                a.subjectSuccesses[2]);
    }

    static Statistic.Ratio costPerSuccess(ArmAggregate a) {
        return new Statistic.Ratio(
                new Statistic.SampleMean(a.subjects, a.subjectCosts[0], a.subjectCosts[1]),
                new Statistic.SampleMean(a.subjects, a.subjectSuccesses[0], a.subjectSuccesses[1]),
                a.subjectCosts[2]);
    }

    private List<Readout.MetricComparison> comparisons(
            ReadoutSource source,
            Experiment e,
            Map<String, ArmAggregate> cumulative,
            boolean excludeCacheHits) {
        ArmAggregate control = cumulative.get(ExperimentArm.CONTROL);
        if (control == null || control.subjects < 2) {
            return List.of();
        }
        double alpha = comparisonAlpha(e);
        List<Readout.MetricComparison> comparisons = new ArrayList<>();
        for (ExperimentArm arm : e.treatments()) {
            ArmAggregate treatment = cumulative.get(arm.name());
            if (treatment == null || treatment.subjects < 2) {
                continue;
            }
            var against =
                    new Against(arm.name(), alpha, Math.min(control.subjects, treatment.subjects));
            comparisons.add(
                    compare(against, "passRate", passRate(control), passRate(treatment), true));
            // A cost that leaves out unpriced tasks would make an arm look cheaper than it is: no
            // comparison then.
            if (control.unpriced == 0 && treatment.unpriced == 0) {
                comparisons.add(
                        compare(
                                against,
                                "costPerSuccess",
                                costPerSuccess(control),
                                costPerSuccess(treatment),
                                false));
            }
            comparisons.add(
                    compare(
                            against,
                            "p95Latency",
                            p95(source, e.id(), control, excludeCacheHits),
                            p95(source, e.id(), treatment, excludeCacheHits),
                            false));
        }
        return List.copyOf(comparisons);
    }

    /** Which treatment a comparison is of, at what error rate, with how many subjects per arm. */
    private record Against(String arm, double alpha, long subjectsPerArm) {}

    private Statistic.Quantile p95(
            ReadoutSource source, UUID id, ArmAggregate a, boolean excludeCacheHits) {
        double[] bounds =
                source.latencyBounds(
                        id,
                        a.arm,
                        Statistic.Quantile.boundFractions(a.tasks, 0.95),
                        excludeCacheHits);
        return new Statistic.Quantile(a.tasks, a.latency[1], bounds[0], bounds[1]);
    }

    private static Readout.MetricComparison compare(
            Against against,
            String metric,
            Statistic control,
            Statistic treatment,
            boolean higherIsBetter) {
        Comparison.Estimate absolute = Comparison.absolute(control, treatment, against.alpha());
        var more =
                Verdict.additionalSubjectsPerArm(
                        absolute, against.subjectsPerArm(), against.alpha());
        return new Readout.MetricComparison(
                against.arm(),
                metric,
                1 - against.alpha(),
                interval(absolute),
                interval(Comparison.relative(control, treatment, against.alpha())),
                Verdict.of(absolute, higherIsBetter).wire(),
                more.isPresent() ? more.getAsLong() : null);
    }

    private static Readout.Interval interval(Comparison.Estimate e) {
        return new Readout.Interval(
                finite(e.estimate()), finite(e.ciLow()), finite(e.ciHigh()), finite(e.pValue()));
    }

    private List<Readout.Day> days(Experiment e, Map<String, ArmAggregate> daily) {
        Map<java.time.LocalDate, List<Readout.ArmMetrics>> byDay = new TreeMap<>();
        daily.values().stream()
                .sorted(Comparator.comparing((ArmAggregate a) -> a.arm))
                .forEach(
                        a ->
                                byDay.computeIfAbsent(a.day, d -> new ArrayList<>())
                                        .add(metrics(e, a, null)));
        return byDay.entrySet().stream()
                .map(entry -> new Readout.Day(entry.getKey(), entry.getValue()))
                .toList();
    }

    private Readout.StopLossState stopLoss(Experiment e) {
        List<ExperimentEvent> events =
                experiments.events(e.id()).stream()
                        .filter(
                                event ->
                                        event.kind().startsWith("stop_loss")
                                                || event.kind().equals("paused")
                                                || event.kind().equals("arm_paused")
                                                || event.kind().equals("resumed"))
                        .toList();
        String state =
                switch (e.status()) {
                    case RUNNING -> "armed";
                    case PAUSED -> "paused";
                    case DRAFT, STOPPED -> "off";
                };
        return new Readout.StopLossState(state, events);
    }

    private static Readout.ArmMetrics metrics(
            Experiment e, ArmAggregate a, ReviewedAccuracy.ArmAccuracy accuracy) {
        boolean costKnown = a.unpriced == 0;
        BigDecimal costPerSuccess =
                a.successes == 0 || !costKnown
                        ? null
                        : a.cost.divide(BigDecimal.valueOf(a.successes), 9, RoundingMode.HALF_UP);
        BigDecimal meanCost =
                a.tasks == 0 || !costKnown
                        ? null
                        : a.cost.divide(BigDecimal.valueOf(a.tasks), 9, RoundingMode.HALF_UP);
        return new Readout.ArmMetrics(
                a.arm,
                e.policyOf(a.arm),
                a.subjects,
                a.tasks,
                a.successes,
                share(a.successes, a.tasks),
                costKnown ? a.cost : null,
                costPerSuccess,
                meanCost,
                a.unpriced,
                a.latency[0],
                a.latency[1],
                a.latency[2],
                share(a.escalated, a.tasks),
                share(a.schemaErrors, a.attempts),
                share(a.providerErrors, a.attempts),
                a.cacheHits,
                share(a.cachedTokens, a.inputTokens),
                new java.util.TreeMap<>(a.ruleFailures),
                a.citationFailures,
                accuracy == null ? null : accuracy.overall(),
                accuracy == null ? null : accuracy.byRung(),
                Readout.RateInterval.wilson(a.successes, a.tasks),
                Readout.RateInterval.wilson(a.escalated, a.tasks),
                Readout.RateInterval.wilson(a.schemaErrors, a.attempts));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
