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

/**
 * The effect as it stood at the end of each hour of an experiment's first days, then of each day:
 * each treatment minus control over every task up to then, with subjects as units as in the
 * readout's comparisons, so a reader sees whether it has settled. The last point is the whole
 * experiment's comparison.
 */
@Component
class EffectOverTime {

    /**
     * Days an experiment's effect is drawn by the hour, from its first: where one point a day says
     * nothing yet.
     */
    static final int HOURLY_DAYS = 3;

    /**
     * Per day (the experiment's) from {@code :firstDaily} on, arm and subject: tasks, successes,
     * cost; in day order.
     */
    private static final String ROLLUP =
            """
            select day, null::int, arm, subject_id, tasks, successes, cost::float8 from readout_subject
             where experiment_id = :id and scope = :scope and day <> '-infinity' and day >= :firstDaily
             order by day\
            """;

    private static final String TASK_ROWS =
            """
            select (t.created_at at time zone e.time_zone)::date as day, null::int, t.arm, t.subject_id, count(*),
                   count(*) filter (where t.status = 'succeeded'), coalesce(sum(t.cost_usd), 0)::float8
              from task t join experiment e on e.id = t.experiment_id
             where t.experiment_id = :id and t.status in ('succeeded', 'failed')
               and (:scope = 'all' or not t.cache_hit)
               and (t.created_at at time zone e.time_zone)::date >= :firstDaily
             group by 1, 3, 4
             order by 1\
            """;

    /** The same by hour, before {@code :firstDaily}: from the task rows (rollups are by day). */
    private static final String TASK_ROWS_BY_HOUR =
            """
            select (t.created_at at time zone e.time_zone)::date as day,
                   extract(hour from t.created_at at time zone e.time_zone)::int as hour,
                   t.arm, t.subject_id, count(*),
                   count(*) filter (where t.status = 'succeeded'), coalesce(sum(t.cost_usd), 0)::float8
              from task t join experiment e on e.id = t.experiment_id
             where t.experiment_id = :id and t.status in ('succeeded', 'failed')
               and (:scope = 'all' or not t.cache_hit)
               and (t.created_at at time zone e.time_zone)::date < :firstDaily
             group by 1, 2, 3, 4
             order by 1, 2\
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
        double alpha = ReadoutService.comparisonAlpha(e);
        List<Readout.EffectPoint> points = new ArrayList<>();
        cumulativeOverTime(e, excludeCacheHits, fromTaskRows)
                .forEach(
                        (until, arms) -> {
                            ArmAggregate control = arms.get(ExperimentArm.CONTROL);
                            for (ExperimentArm arm : e.treatments()) {
                                ArmAggregate treatment = arms.get(arm.name());
                                if (control == null
                                        || treatment == null
                                        || control.subjects < 2
                                        || treatment.subjects < 2) {
                                    continue;
                                }
                                var at = new At(arm.name(), until, alpha);
                                points.add(
                                        point(
                                                at,
                                                "passRate",
                                                ReadoutService.passRate(control),
                                                ReadoutService.passRate(treatment)));
                                if (costKnown && control.successes > 0 && treatment.successes > 0) {
                                    points.add(
                                            point(
                                                    at,
                                                    "costPerSuccess",
                                                    ReadoutService.costPerSuccess(control),
                                                    ReadoutService.costPerSuccess(treatment)));
                                }
                            }
                        });
        return points;
    }

    /** Which treatment, as of the end of which hour or day, at what error rate. */
    private record At(String arm, Until until, double alpha) {}

    /** The end of an hour (0-23) of a day, or of a whole day (hour null). */
    record Until(LocalDate day, Integer hour) implements Comparable<Until> {
        @Override
        public int compareTo(Until other) {
            int byDay = day.compareTo(other.day);
            return byDay != 0 ? byDay : Integer.compare(hourOrLast(), other.hourOrLast());
        }

        private int hourOrLast() {
            return hour == null ? 24 : hour;
        }
    }

    private static Readout.EffectPoint point(
            At at, String metric, Statistic control, Statistic treatment) {
        Comparison.Estimate difference = Comparison.absolute(control, treatment, at.alpha());
        return new Readout.EffectPoint(
                at.arm(),
                at.until().day(),
                at.until().hour(),
                metric,
                finite(difference.estimate()),
                finite(difference.ciLow()),
                finite(difference.ciHigh()));
    }

    /**
     * As of the end of each hour of the experiment's first {@link #HOURLY_DAYS} days (from the day
     * of its first task), then of each day (in its own time zone), each arm's subject-level sums
     * over every task up to then: what the cumulative effect at that point rests on. Read once in
     * time order (hours from the task rows, days from the per-subject rollup or the task rows) with
     * each subject's running totals kept, so a subject's tasks of several days count as one unit.
     */
    SortedMap<Until, Map<String, ArmAggregate>> cumulativeOverTime(
            Experiment e, boolean excludeCacheHits, boolean fromTaskRows) {
        SortedMap<Until, Map<String, ArmAggregate>> points = new TreeMap<>();
        java.util.Optional<java.time.Instant> first = firstTask(e);
        if (first.isEmpty()) {
            return points;
        }
        LocalDate firstDaily =
                first.get()
                        .atZone(java.time.ZoneId.of(e.timeZone()))
                        .toLocalDate()
                        .plusDays(HOURLY_DAYS);
        Map<String, Map<String, double[]>> running = new HashMap<>();
        Until[] current = {null};
        for (String sql : List.of(TASK_ROWS_BY_HOUR, fromTaskRows ? TASK_ROWS : ROLLUP)) {
            jdbc.sql(sql)
                    .param("id", e.id())
                    .param("scope", excludeCacheHits ? "nocache" : "all")
                    .param("firstDaily", firstDaily)
                    .query(
                            rs -> {
                                var until =
                                        new Until(
                                                rs.getObject(1, LocalDate.class),
                                                (Integer) rs.getObject(2));
                                if (current[0] != null && !until.equals(current[0])) {
                                    points.put(current[0], snapshot(current[0].day(), running));
                                }
                                current[0] = until;
                                double[] totals =
                                        running.computeIfAbsent(
                                                        rs.getString(3), arm -> new HashMap<>())
                                                .computeIfAbsent(
                                                        rs.getString(4), s -> new double[3]);
                                totals[0] += rs.getLong(5);
                                totals[1] += rs.getLong(6);
                                totals[2] += rs.getDouble(7);
                            });
        }
        if (current[0] != null) {
            points.put(current[0], snapshot(current[0].day(), running));
        }
        return points;
    }

    /** When the experiment's first task came: one index lookup per arm. */
    private java.util.Optional<java.time.Instant> firstTask(Experiment e) {
        return e.arms().stream()
                .map(
                        arm ->
                                jdbc.sql(
                                                "select min(created_at) from task where"
                                                        + " experiment_id = ? and arm = ?")
                                        .param(e.id())
                                        .param(arm.name())
                                        .query(java.time.OffsetDateTime.class)
                                        .optional())
                .flatMap(java.util.Optional::stream)
                .map(java.time.OffsetDateTime::toInstant)
                .min(java.util.Comparator.naturalOrder());
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
