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
    private static final List<String> ARMS = List.of(Arm.CONTROL.wire(), Arm.TREATMENT.wire());

    private final ReadoutQueries queries;
    private final ReadoutRollups rollups;
    private final ExperimentRepository experiments;
    private final ReviewedAccuracy reviewedAccuracy;
    private final EffectOverTime effects;

    ReadoutService(
            ReadoutQueries queries,
            ReadoutRollups rollups,
            ExperimentRepository experiments,
            ReviewedAccuracy reviewedAccuracy,
            EffectOverTime effects) {
        this.effects = effects;
        this.queries = queries;
        this.rollups = rollups;
        this.experiments = experiments;
        this.reviewedAccuracy = reviewedAccuracy;
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
        Map<String, ReviewedAccuracy.ArmAccuracy> accuracy = reviewedAccuracy.of(e.id(), ARMS);
        List<Readout.ArmMetrics> arms =
                ARMS.stream()
                        .map(
                                arm ->
                                        metrics(
                                                e,
                                                cumulative.getOrDefault(
                                                        arm, new ArmAggregate(arm, null)),
                                                accuracy.get(arm)))
                        .toList();
        long control = arms.get(0).subjects();
        long treatment = arms.get(1).subjects();
        double srm = SampleRatio.pValue(control, treatment, e.treatmentShare().doubleValue());
        var summary =
                new Readout.ExperimentSummary(
                        e.id(),
                        e.status().wire(),
                        e.taskType(),
                        e.controlPolicy(),
                        e.treatmentPolicy(),
                        e.treatmentShare(),
                        e.promptVersion(),
                        e.taskTypeVersion(),
                        timeZone);
        return new Readout(
                summary,
                arms,
                comparisons(whole, e.id(), cumulative, excludeCacheHits),
                new Readout.Srm(
                        srm,
                        srm < SampleRatio.FLAG_BELOW,
                        Map.of("control", control, "treatment", treatment)),
                days(e, perDay.aggregates(e.id(), true, timeZone, excludeCacheHits)),
                stopLoss(e),
                java.time.ZoneId.of(e.timeZone()).getId().equals(timeZone)
                        ? effects.of(e, excludeCacheHits, cumulative, perDay != rollups)
                        : List.of());
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
            UUID id,
            Map<String, ArmAggregate> cumulative,
            boolean excludeCacheHits) {
        ArmAggregate control = cumulative.get(Arm.CONTROL.wire());
        ArmAggregate treatment = cumulative.get(Arm.TREATMENT.wire());
        if (control == null
                || treatment == null
                || control.subjects < 2
                || treatment.subjects < 2) {
            return List.of();
        }
        List<Readout.MetricComparison> comparisons = new ArrayList<>();
        long perArm = Math.min(control.subjects, treatment.subjects);
        comparisons.add(compare("passRate", passRate(control), passRate(treatment), true, perArm));
        // A cost that leaves out unpriced tasks would make an arm look cheaper than it is: no
        // comparison then.
        if (control.unpriced == 0 && treatment.unpriced == 0) {
            comparisons.add(
                    compare(
                            "costPerSuccess",
                            costPerSuccess(control),
                            costPerSuccess(treatment),
                            false,
                            perArm));
        }
        comparisons.add(
                compare(
                        "p95Latency",
                        p95(source, id, control, excludeCacheHits),
                        p95(source, id, treatment, excludeCacheHits),
                        false,
                        perArm));
        return List.copyOf(comparisons);
    }

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
            String metric,
            Statistic control,
            Statistic treatment,
            boolean higherIsBetter,
            long subjectsPerArm) {
        Comparison.Estimate absolute = Comparison.absolute(control, treatment, ALPHA);
        var more = Verdict.additionalSubjectsPerArm(absolute, subjectsPerArm);
        return new Readout.MetricComparison(
                metric,
                interval(absolute),
                interval(Comparison.relative(control, treatment, ALPHA)),
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
                e.policyOf(Arm.of(a.arm)),
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
