package dev.rung.experiments.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The readout's aggregates computed from the ledger's {@code task} and {@code attempt} rows of
 * finished tasks: the full recomputation, and the source for days in a time zone other than the
 * experiment's own. Everyday readouts read {@link ReadoutRollups} instead.
 */
@Component
class ReadoutQueries implements ReadoutSource {

    private final JdbcClient jdbc;

    ReadoutQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, ArmAggregate> aggregates(
            UUID experimentId, boolean daily, String timeZone, boolean excludeCacheHits) {
        String day = daily ? "(t.created_at at time zone :tz)::date" : "null::date";
        Map<String, ArmAggregate> byKey = new HashMap<>();
        jdbc.sql(
                        """
                        with per_subject as (
                            select t.arm, %s as day, t.subject_id, count(*)::float8 as tasks,
                                   count(*) filter (where t.status = 'succeeded')::float8 as successes,
                                   coalesce(sum(t.cost_usd), 0)::float8 as cost
                              from task t where t.experiment_id = :id and t.status in ('succeeded', 'failed') and not (t.cache_hit and :excludeCache)
                             group by 1, 2, 3)
                        select arm, day, count(*), sum(tasks), sum(tasks * tasks), sum(successes), sum(successes * successes),
                               sum(successes * tasks), sum(cost), sum(cost * cost), sum(cost * successes)
                          from per_subject group by arm, day\
                        """
                                .formatted(day))
                .param("id", experimentId)
                .param("tz", timeZone)
                .param("excludeCache", excludeCacheHits)
                .query(
                        (rs, row) -> {
                            var a = aggregate(byKey, rs.getString(1), rs.getDate(2));
                            a.subjects = rs.getLong(3);
                            a.subjectTasks = new double[] {rs.getDouble(4), rs.getDouble(5)};
                            a.subjectSuccesses =
                                    new double[] {
                                        rs.getDouble(6), rs.getDouble(7), rs.getDouble(8)
                                    };
                            a.subjectCosts =
                                    new double[] {
                                        rs.getDouble(9), rs.getDouble(10), rs.getDouble(11)
                                    };
                            return a;
                        })
                .list();
        jdbc.sql(
                        """
                        select t.arm, %s as day, count(*), count(*) filter (where t.status = 'succeeded'),
                               coalesce(sum(t.cost_usd), 0), count(*) filter (where t.max_rung > 1),
                               count(*) filter (where t.cache_hit),
                               percentile_cont(0.5) within group (order by t.latency_ms),
                               percentile_cont(0.95) within group (order by t.latency_ms),
                               percentile_cont(0.99) within group (order by t.latency_ms)
                          from task t where t.experiment_id = :id and t.status in ('succeeded', 'failed') and not (t.cache_hit and :excludeCache) group by 1, 2\
                        """
                                .formatted(day))
                .param("id", experimentId)
                .param("tz", timeZone)
                .param("excludeCache", excludeCacheHits)
                .query(
                        (rs, row) -> {
                            var a = aggregate(byKey, rs.getString(1), rs.getDate(2));
                            a.tasks = rs.getLong(3);
                            a.successes = rs.getLong(4);
                            a.cost = rs.getBigDecimal(5);
                            a.escalated = rs.getLong(6);
                            a.cacheHits = rs.getLong(7);
                            a.latency =
                                    new double[] {
                                        rs.getDouble(8), rs.getDouble(9), rs.getDouble(10)
                                    };
                            return a;
                        })
                .list();
        jdbc.sql(
                        """
                        select t.arm, %s as day, count(*), count(*) filter (where a.outcome = 'schema_invalid'),
                               count(*) filter (where readout_provider_error(a.outcome)),
                               coalesce(sum(a.input_tokens), 0), coalesce(sum(a.cached_input_tokens), 0)
                          from attempt a join task t on t.id = a.task_id
                         where t.experiment_id = :id and t.status in ('succeeded', 'failed') and not (t.cache_hit and :excludeCache) group by 1, 2\
                        """
                                .formatted(day))
                .param("id", experimentId)
                .param("tz", timeZone)
                .param("excludeCache", excludeCacheHits)
                .query(
                        (rs, row) -> {
                            var a = aggregate(byKey, rs.getString(1), rs.getDate(2));
                            a.attempts = rs.getLong(3);
                            a.schemaErrors = rs.getLong(4);
                            a.providerErrors = rs.getLong(5);
                            a.inputTokens = rs.getLong(6);
                            a.cachedTokens = rs.getLong(7);
                            return a;
                        })
                .list();
        var scope = new Scope(experimentId, day, timeZone, excludeCacheHits);
        breakdown(
                "readout_rules_of",
                "f.rule",
                scope,
                (rs, row) ->
                        aggregate(byKey, rs.getString(1), rs.getDate(2))
                                .ruleFailures
                                .put(rs.getString(3), rs.getLong(4)));
        breakdown(
                "readout_citations_of",
                "f.rung, f.outcome",
                scope,
                (rs, row) -> {
                    aggregate(byKey, rs.getString(1), rs.getDate(2))
                            .citationFailure(rs.getInt(3), rs.getString(4), rs.getLong(5));
                    return row;
                });
        countUnpriced(jdbc, byKey, experimentId, daily, timeZone, excludeCacheHits);
        return byKey;
    }

    /** Which of an experiment's finished tasks a query reads, and how it names their day. */
    private record Scope(
            UUID experimentId, String day, String timeZone, boolean excludeCacheHits) {}

    /**
     * One task's attempts broken down by {@code function} (the same the rollups are kept with),
     * summed by arm, day and its {@code columns}, each row handed to {@code add}.
     */
    private void breakdown(
            String function,
            String columns,
            Scope scope,
            org.springframework.jdbc.core.RowMapper<?> add) {
        jdbc.sql(
                        """
                        select t.arm, %s as day, %s, sum(f.attempts)
                          from task t cross join lateral %s(t.id) f
                         where t.experiment_id = :id and t.status in ('succeeded', 'failed') and not (t.cache_hit and :excludeCache)
                         group by 1, 2, %s\
                        """
                                .formatted(scope.day(), columns, function, columns))
                .param("id", scope.experimentId())
                .param("tz", scope.timeZone())
                .param("excludeCache", scope.excludeCacheHits())
                .query(add)
                .list();
    }

    /**
     * Finished tasks whose cost is unknown (a model had no price): counted per arm (and day), so
     * that the readout flags their arm's cost instead of summing them as 0. Few, and found by the
     * partial index {@code task_unpriced}.
     */
    static void countUnpriced(
            JdbcClient jdbc,
            Map<String, ArmAggregate> byKey,
            UUID experimentId,
            boolean daily,
            String timeZone,
            boolean excludeCacheHits) {
        String day = daily ? "(created_at at time zone :tz)::date" : "null::date";
        jdbc.sql(
                        """
                        select arm, %s as day, count(*) from task
                         where experiment_id = :id and cost_usd is null and status in ('succeeded', 'failed')
                           and not (cache_hit and :excludeCache)
                         group by 1, 2\
                        """
                                .formatted(day))
                .param("id", experimentId)
                .param("tz", timeZone)
                .param("excludeCache", excludeCacheHits)
                .query(
                        (rs, row) ->
                                aggregate(byKey, rs.getString(1), rs.getDate(2)).unpriced =
                                        rs.getLong(3))
                .list();
    }

    @Override
    public double[] latencyBounds(
            UUID experimentId, String arm, double[] fractions, boolean excludeCacheHits) {
        return jdbc.sql(
                        """
                        select percentile_disc(:lo) within group (order by latency_ms),
                               percentile_disc(:hi) within group (order by latency_ms)
                          from task where experiment_id = :id and arm = :arm and status in ('succeeded', 'failed')
                           and not (cache_hit and :excludeCache)\
                        """)
                .param("excludeCache", excludeCacheHits)
                .param("lo", fractions[0])
                .param("hi", fractions[1])
                .param("id", experimentId)
                .param("arm", arm)
                .query((rs, row) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
                .single();
    }

    /**
     * Reviewed tasks of the experiment: arm, task type, the rung of the accepted answer, the answer
     * given and the correct answer (a reviewer's or a CRM correction's).
     */
    List<ReviewedTask> reviewed(UUID experimentId) {
        return jdbc.sql(
                        """
                        select t.arm, t.type, coalesce(t.max_rung, 0), t.result::text, f.correct::text
                          from feedback f join task t on t.id = f.task_id where t.experiment_id = ?\
                        """)
                .param(experimentId)
                .query(
                        (rs, row) ->
                                new ReviewedTask(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getInt(3),
                                        rs.getString(4),
                                        rs.getString(5)))
                .list();
    }

    record ReviewedTask(String arm, String type, int rung, String result, String correct) {}

    static ArmAggregate aggregate(Map<String, ArmAggregate> byKey, String arm, Date day) {
        LocalDate date = day == null ? null : day.toLocalDate();
        return byKey.computeIfAbsent(
                date == null ? arm : arm + "|" + date, key -> new ArmAggregate(arm, date));
    }

    /** Raw sums of one arm (and day); filled by the three queries above. */
    static final class ArmAggregate {
        final String arm;
        final LocalDate day;
        long subjects;
        double[] subjectTasks = {0, 0};
        double[] subjectSuccesses = {0, 0, 0};
        double[] subjectCosts = {0, 0, 0};
        long tasks;
        long successes;
        BigDecimal cost = BigDecimal.ZERO;
        long escalated;
        long cacheHits;
        double[] latency = {0, 0, 0};
        long attempts;
        long schemaErrors;
        long providerErrors;
        long inputTokens;
        long cachedTokens;

        /** Tasks with an unknown cost: not in {@code cost}. */
        long unpriced;

        final Map<String, Long> ruleFailures = new HashMap<>();

        /** Rung ("1" for the ladder's first) to citation check outcome to attempts. */
        final Map<String, Map<String, Long>> citationFailures = new java.util.TreeMap<>();

        void citationFailure(int rung, String outcome, long attempts) {
            citationFailures
                    .computeIfAbsent(String.valueOf(rung), key -> new java.util.TreeMap<>())
                    .merge(outcome, attempts, Long::sum);
        }

        ArmAggregate(String arm, LocalDate day) {
            this.arm = arm;
            this.day = day;
        }
    }
}
