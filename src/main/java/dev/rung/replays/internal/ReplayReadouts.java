package dev.rung.replays.internal;

import dev.rung.replays.internal.ReplayReadout.Proportion;
import dev.rung.task.Answers;
import dev.rung.task.TaskCatalog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a replay out: each replayed task beside the task it replays, streamed once. An answer is
 * right when every field of the correct answer on record for the input matches it (lists in any
 * order): the served task's correct answer, or else the replayed one's (the simulator's truth).
 */
@Component
class ReplayReadouts {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TaskCatalog catalog;

    ReplayReadouts(JdbcClient jdbc, JsonMapper json, TaskCatalog catalog) {
        this.jdbc = jdbc;
        this.json = json;
        this.catalog = catalog;
    }

    /** One arm's sums. */
    private static final class Tally {
        final Set<String> policies = new TreeSet<>();
        long tasks;
        long successes;
        long escalated;
        long unpriced;
        BigDecimal cost = BigDecimal.ZERO;
        final List<Long> latencies = new ArrayList<>();
        long reviewed;
        long right;

        void add(Row side, JsonNode correct) {
            policies.add(side.policy());
            tasks++;
            successes += side.succeeded() ? 1 : 0;
            escalated += side.maxRung() > 1 ? 1 : 0;
            if (side.cost() == null) unpriced++;
            else cost = cost.add(side.cost());
            if (side.latencyMs() != null) latencies.add(side.latencyMs());
            if (correct != null) {
                reviewed++;
                right += side.result() != null && Answers.matches(side.result(), correct) ? 1 : 0;
            }
        }

        ReplayReadout.Side side(String arm) {
            latencies.sort(null);
            return new ReplayReadout.Side(
                    arm,
                    List.copyOf(policies),
                    tasks,
                    successes,
                    Proportion.of(successes, tasks),
                    unpriced > 0 ? null : cost,
                    unpriced > 0 || successes == 0
                            ? null
                            : cost.divide(BigDecimal.valueOf(successes), 9, RoundingMode.HALF_UP),
                    unpriced,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.95),
                    Proportion.of(escalated, tasks),
                    Proportion.of(right, reviewed));
        }
    }

    record Row(
            String policy,
            boolean succeeded,
            JsonNode result,
            BigDecimal cost,
            Long latencyMs,
            int maxRung) {}

    ReplayReadout readout(ReplayView replay) {
        List<String> decisionFields = decisionFields(replay.taskType());
        Tally served = new Tally();
        Tally replayed = new Tally();
        PairedDifferences differences = new PairedDifferences();
        long[] agreement = new long[2];
        jdbc.sql(
                        """
                        select s.policy, s.status = 'succeeded', s.result::text, s.cost_usd, s.latency_ms, coalesce(s.max_rung, 0),
                               r.policy, r.status = 'succeeded', r.result::text, r.cost_usd, r.latency_ms, coalesce(r.max_rung, 0),
                               coalesce(fs.correct, fr.correct)::text
                          from replay_task rt
                          join task s on s.id = rt.served_task_id
                          join task r on r.id = rt.task_id
                          left join feedback fs on fs.task_id = s.id
                          left join feedback fr on fr.task_id = r.id
                         where rt.replay_id = ?\
                        """)
                .param(replay.id())
                .query(
                        rs -> {
                            Row s = row(rs, 1);
                            Row r = row(rs, 7);
                            String correct = rs.getString(13);
                            JsonNode truth = correct == null ? null : json.readTree(correct);
                            served.add(s, truth);
                            replayed.add(r, truth);
                            differences.add(s, r, truth);
                            if (s.result() != null && r.result() != null) {
                                agreement[1]++;
                                agreement[0] +=
                                        Answers.agree(s.result(), r.result(), decisionFields)
                                                ? 1
                                                : 0;
                            }
                        });
        return new ReplayReadout(
                replay,
                List.of(served.side("served"), replayed.side("replay")),
                Proportion.of(agreement[0], agreement[1]),
                decisionFields,
                differences.all());
    }

    private Row row(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        String result = rs.getString(first + 2);
        long latency = rs.getLong(first + 4);
        Long latencyMs = rs.wasNull() ? null : latency;
        return new Row(
                rs.getString(first),
                rs.getBoolean(first + 1),
                result == null ? null : json.readTree(result),
                rs.getBigDecimal(first + 3),
                latencyMs,
                rs.getInt(first + 5));
    }

    /**
     * The answer's top-level fields with a set of allowed values, and booleans: the decision an
     * answer makes. Without any, every field that is not a number.
     */
    private List<String> decisionFields(String taskType) {
        JsonNode properties =
                catalog.current(taskType)
                        .map(type -> type.outputSchema().path("properties"))
                        .orElse(json.createObjectNode());
        List<String> decisions = new ArrayList<>();
        List<String> notNumbers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode schema = property.getValue();
            String type = schema.path("type").asString("");
            if (schema.has("enum") || schema.path("items").has("enum") || type.equals("boolean")) {
                decisions.add(property.getKey());
            }
            if (!type.equals("number") && !type.equals("integer")) {
                notNumbers.add(property.getKey());
            }
        }
        return decisions.isEmpty() ? notNumbers : decisions;
    }

    private static Double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return (double) sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
