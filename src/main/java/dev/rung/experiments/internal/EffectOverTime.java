package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;
import dev.rung.experiments.internal.statistics.Comparison;
import dev.rung.experiments.internal.statistics.Statistic;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The effect as it stood at the end of each day of an experiment: treatment minus control over
 * every task up to that day, with subjects as units as in the readout's comparisons, so a reader
 * sees whether it has settled. The last day's point is the whole experiment's comparison.
 */
@Component
class EffectOverTime {

    private static final double ALPHA = 0.05;

    /** Per day (the experiment's), arm and subject: tasks, successes, cost; in day order. */
    private static final String ROLLUP =
            """
            select day, arm, subject_id, tasks, successes, cost::float8 from readout_subject
             where experiment_id = :id and scope = :scope and day <> '-infinity'
             order by day\
            """;

    private static final String TASK_ROWS =
            """
            select (t.created_at at time zone e.time_zone)::date as day, t.arm, t.subject_id, count(*),
                   count(*) filter (where t.status = 'succeeded'), coalesce(sum(t.cost_usd), 0)::float8
              from task t join experiment e on e.id = t.experiment_id
             where t.experiment_id = :id and t.status in ('succeeded', 'failed')
               and (:scope = 'all' or not t.cache_hit)
             group by 1, 2, 3
             order by 1\
            """;

    private final JdbcClient jdbc;

    EffectOverTime(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The cumulative pass-rate (and, when every cost is known, cost-per-success) effect by day. */
    /**
     * @param fromTaskRows read the task rows themselves rather than the per-subject rollup (the
     *     readout's recomputation, which checks the rollups)
     */
    List<Readout.EffectPoint> of(
            Experiment e,
            boolean excludeCacheHits,
            Map<String, ArmAggregate> whole,
            boolean fromTaskRows) {
        boolean costKnown = whole.values().stream().allMatch(arm -> arm.unpriced == 0);
        List<Readout.EffectPoint> points = new ArrayList<>();
        cumulativeByDay(e.id(), excludeCacheHits, fromTaskRows)
                .forEach(
                        (day, arms) -> {
                            ArmAggregate control = arms.get(Arm.CONTROL.wire());
                            ArmAggregate treatment = arms.get(Arm.TREATMENT.wire());
                            if (control == null
                                    || treatment == null
                                    || control.subjects < 2
                                    || treatment.subjects < 2) {
                                return;
                            }
                            points.add(
                                    point(
                                            day,
                                            "passRate",
                                            ReadoutService.passRate(control),
                                            ReadoutService.passRate(treatment)));
                            if (costKnown && control.successes > 0 && treatment.successes > 0) {
                                points.add(
                                        point(
                                                day,
                                                "costPerSuccess",
                                                ReadoutService.costPerSuccess(control),
                                                ReadoutService.costPerSuccess(treatment)));
                            }
                        });
        return points;
    }

    private static Readout.EffectPoint point(
            LocalDate day, String metric, Statistic control, Statistic treatment) {
        Comparison.Estimate difference = Comparison.absolute(control, treatment, ALPHA);
        return new Readout.EffectPoint(
                day,
                metric,
                finite(difference.estimate()),
                finite(difference.ciLow()),
                finite(difference.ciHigh()));
    }

    /**
     * Per day of the experiment (in its own time zone), each arm's subject-level sums over every
     * day up to and including it: what the cumulative effect on that day rests on. From the
     * per-subject rollup (or the task rows), read once in day order with each subject's running
     * totals kept, so a subject's tasks of several days count as one unit.
     */
    SortedMap<LocalDate, Map<String, ArmAggregate>> cumulativeByDay(
            UUID experimentId, boolean excludeCacheHits, boolean fromTaskRows) {
        SortedMap<LocalDate, Map<String, ArmAggregate>> byDay = new TreeMap<>();
        Map<String, Map<String, double[]>> running = new HashMap<>();
        LocalDate[] current = {null};
        jdbc.sql(fromTaskRows ? TASK_ROWS : ROLLUP)
                .param("id", experimentId)
                .param("scope", excludeCacheHits ? "nocache" : "all")
                .query(
                        rs -> {
                            LocalDate day = rs.getObject(1, LocalDate.class);
                            if (current[0] != null && !day.equals(current[0])) {
                                byDay.put(current[0], snapshot(current[0], running));
                            }
                            current[0] = day;
                            double[] totals =
                                    running.computeIfAbsent(rs.getString(2), arm -> new HashMap<>())
                                            .computeIfAbsent(rs.getString(3), s -> new double[3]);
                            totals[0] += rs.getLong(4);
                            totals[1] += rs.getLong(5);
                            totals[2] += rs.getDouble(6);
                        });
        if (current[0] != null) {
            byDay.put(current[0], snapshot(current[0], running));
        }
        return byDay;
    }

    /** Each arm's sums over its subjects' running totals. */
    private static Map<String, ArmAggregate> snapshot(
            LocalDate day, Map<String, Map<String, double[]>> running) {
        Map<String, ArmAggregate> arms = new HashMap<>();
        running.forEach(
                (arm, subjects) -> {
                    ArmAggregate a = new ArmAggregate(arm, day);
                    double[] tasks = {0, 0};
                    double[] successes = {0, 0, 0};
                    double[] costs = {0, 0, 0};
                    for (double[] s : subjects.values()) {
                        tasks[0] += s[0];
                        tasks[1] += s[0] * s[0];
                        successes[0] += s[1];
                        successes[1] += s[1] * s[1];
                        successes[2] += s[1] * s[0];
                        costs[0] += s[2];
                        costs[1] += s[2] * s[2];
                        costs[2] += s[2] * s[1];
                    }
                    a.subjects = subjects.size();
                    a.tasks = Math.round(tasks[0]);
                    a.successes = Math.round(successes[0]);
                    a.subjectTasks = tasks;
                    a.subjectSuccesses = successes;
                    a.subjectCosts = costs;
                    arms.put(arm, a);
                });
        return arms;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
