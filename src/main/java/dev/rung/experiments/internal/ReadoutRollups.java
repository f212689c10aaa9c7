package dev.rung.experiments.internal;

import dev.rung.experiments.internal.ReadoutQueries.ArmAggregate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The readout's aggregates read from the rollups a trigger keeps as tasks finish ({@code
 * V9__readout_rollups.sql}): a few hundred rows however many tasks an experiment has. Days are in
 * the experiment's own time zone; a readout in another zone is computed from the task rows by
 * {@link ReadoutQueries} instead.
 */
@Component
class ReadoutRollups implements ReadoutSource {

    private final JdbcClient jdbc;

    ReadoutRollups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds one row of a breakdown rollup to its arm's aggregate. */
    @FunctionalInterface
    private interface BreakdownRow {
        void add(ArmAggregate aggregate, java.sql.ResultSet row) throws java.sql.SQLException;
    }

    /**
     * The rows of a rollup that breaks an arm's attempts down (by rule, by rung and outcome), its
     * first two columns the arm and the day, each added to its arm's (and day's) aggregate.
     */
    private void breakdown(
            String select,
            UUID experimentId,
            String scope,
            boolean daily,
            Map<String, ArmAggregate> byKey,
            BreakdownRow add) {
        jdbc.sql(
                        select
                                + " where experiment_id = :id and scope = :scope"
                                + " and (day = '-infinity') <> :daily")
                .param("id", experimentId)
                .param("scope", scope)
                .param("daily", daily)
                .query(
                        rs -> {
                            ArmAggregate a =
                                    byKey.get(
                                            daily
                                                    ? rs.getString(1) + "|" + rs.getString(2)
                                                    : rs.getString(1));
                            if (a != null) {
                                add.add(a, rs);
                            }
                        });
    }

    /** {@code timeZone} must be the experiment's own: the rollups' days are in it. */
    @Override
    public Map<String, ArmAggregate> aggregates(
            UUID experimentId, boolean daily, String timeZone, boolean excludeCacheHits) {
        String scope = scope(excludeCacheHits);
        Map<String, ArmAggregate> byKey = new HashMap<>();
        jdbc.sql(
                        """
                        select arm, day, subjects, tasks, successes, cost, escalated, cache_hits, attempts, schema_errors,
                               provider_errors, input_tokens, cached_tokens, subject_tasks_sq::float8,
                               subject_successes_sq::float8, subject_successes_tasks::float8, cost::float8,
                               subject_cost_sq::float8, subject_cost_successes::float8
                          from readout_rollup
                         where experiment_id = :id and scope = :scope and (day = '-infinity') <> :daily\
                        """)
                .param("id", experimentId)
                .param("scope", scope)
                .param("daily", daily)
                .query(
                        (rs, row) -> {
                            String arm = rs.getString(1);
                            LocalDate day = daily ? rs.getObject(2, LocalDate.class) : null;
                            ArmAggregate a = new ArmAggregate(arm, day);
                            a.subjects = rs.getLong(3);
                            a.tasks = rs.getLong(4);
                            a.successes = rs.getLong(5);
                            a.cost = rs.getBigDecimal(6);
                            a.escalated = rs.getLong(7);
                            a.cacheHits = rs.getLong(8);
                            a.attempts = rs.getLong(9);
                            a.schemaErrors = rs.getLong(10);
                            a.providerErrors = rs.getLong(11);
                            a.inputTokens = rs.getLong(12);
                            a.cachedTokens = rs.getLong(13);
                            a.subjectTasks = new double[] {a.tasks, rs.getDouble(14)};
                            a.subjectSuccesses =
                                    new double[] {a.successes, rs.getDouble(15), rs.getDouble(16)};
                            a.subjectCosts =
                                    new double[] {
                                        rs.getDouble(17), rs.getDouble(18), rs.getDouble(19)
                                    };
                            byKey.put(day == null ? arm : arm + "|" + day, a);
                            return a;
                        })
                .list();
        breakdown(
                "select arm, day::text, rule, attempts from readout_rule",
                experimentId,
                scope,
                daily,
                byKey,
                (a, rs) -> a.ruleFailures.put(rs.getString(3), rs.getLong(4)));
        breakdown(
                "select arm, day::text, rung, outcome, attempts from readout_citation",
                experimentId,
                scope,
                daily,
                byKey,
                (a, rs) -> a.citationFailure(rs.getInt(3), rs.getString(4), rs.getLong(5)));
        latencyHistograms(experimentId, daily, scope)
                .forEach(
                        (key, histogram) -> {
                            ArmAggregate a = byKey.get(key);
                            if (a != null) {
                                a.latency =
                                        new double[] {
                                            histogram.continuous(0.5),
                                            histogram.continuous(0.95),
                                            histogram.continuous(0.99)
                                        };
                            }
                        });
        ReadoutQueries.countUnpriced(jdbc, byKey, experimentId, daily, timeZone, excludeCacheHits);
        return byKey;
    }

    @Override
    public double[] latencyBounds(
            UUID experimentId, String arm, double[] fractions, boolean excludeCacheHits) {
        Histogram histogram =
                latencyHistograms(experimentId, false, scope(excludeCacheHits)).get(arm);
        return histogram == null
                ? new double[] {0, 0}
                : new double[] {histogram.discrete(fractions[0]), histogram.discrete(fractions[1])};
    }

    private Map<String, Histogram> latencyHistograms(
            UUID experimentId, boolean daily, String scope) {
        Map<String, Histogram> byKey = new HashMap<>();
        jdbc.sql(
                        """
                        select arm, day, latency_ms, tasks from readout_latency
                         where experiment_id = :id and scope = :scope and (day = '-infinity') <> :daily
                         order by arm, day, latency_ms\
                        """)
                .param("id", experimentId)
                .param("scope", scope)
                .param("daily", daily)
                .query(
                        rs -> {
                            // The day as PostgreSQL prints it (ISO, as LocalDate does): thousands
                            // of rows, no date parsing.
                            String key =
                                    daily
                                            ? rs.getString(1) + "|" + rs.getString(2)
                                            : rs.getString(1);
                            byKey.computeIfAbsent(key, k -> new Histogram())
                                    .add(rs.getLong(3), rs.getLong(4));
                        });
        return byKey;
    }

    private static String scope(boolean excludeCacheHits) {
        return excludeCacheHits ? "nocache" : "all";
    }

    /**
     * Latencies with their counts, in ascending order: PostgreSQL's percentile_cont and
     * percentile_disc, exactly.
     */
    static final class Histogram {
        private final List<long[]> bins = new ArrayList<>();
        private long count;

        void add(long latency, long tasks) {
            bins.add(new long[] {latency, count + tasks});
            count += tasks;
        }

        /** The value at 0-based rank {@code rank} of the sorted latencies. */
        private double at(long rank) {
            for (long[] bin : bins) {
                if (rank < bin[1]) {
                    return bin[0];
                }
            }
            return bins.getLast()[0];
        }

        double continuous(double fraction) {
            double position = fraction * (count - 1);
            long first = (long) Math.floor(position);
            long second = (long) Math.ceil(position);
            double low = at(first);
            return first == second ? low : low + (position - first) * (at(second) - low);
        }

        double discrete(double fraction) {
            long rank = Math.max(0, (long) Math.ceil(fraction * count) - 1);
            return at(rank);
        }
    }
}
