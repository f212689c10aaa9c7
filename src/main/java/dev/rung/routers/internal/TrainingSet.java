package dev.rung.routers.internal;

import dev.rung.task.Answers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the ledger says about a first rung, as training examples: each task of the window whose
 * first attempt on the ladder's first model answered (provider errors say nothing about the input),
 * its input, and whether that rung passed its checks — and, where a correct answer is on record,
 * whether the answer it gave was right. Erased inputs are left out.
 */
@Component
class TrainingSet {

    /** The newest examples a router is fitted on: enough for a few dozen features. */
    static final int LIMIT = 20_000;

    /** One task's input and its first rung's fate. */
    record Example(JsonNode input, boolean queued, boolean passed, boolean reviewed) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TrainingSet(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<Example> examples(String taskType, String firstModel, Instant from, Instant to) {
        return jdbc.sql(
                        """
                        select t.input::text, t.mode = 'async', t.max_rung, t.result::text, f.correct::text,
                               bool_or(a.outcome = 'pass'), bool_or(a.outcome = 'verifier_rejected')
                          from task t
                          join attempt a on a.task_id = t.id and a.rung = 1 and a.model_requested = :model
                          left join feedback f on f.task_id = t.id
                         where t.type = :type and t.created_at >= :from and t.created_at < :to
                           and t.status in ('succeeded', 'failed') and t.input_purged_at is null
                           and not readout_provider_error(a.outcome)
                         group by t.id, t.created_at, f.correct
                         order by t.created_at desc
                         limit :limit\
                        """)
                .param("model", firstModel)
                .param("type", taskType)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("limit", LIMIT)
                .query(
                        (rs, row) -> {
                            JsonNode correct =
                                    rs.getString(5) == null ? null : json.readTree(rs.getString(5));
                            boolean passed = rs.getBoolean(6) && !rs.getBoolean(7);
                            if (passed && correct != null) {
                                // Right only if the first rung's answer was the one accepted and
                                // it matches what reviewers say.
                                JsonNode result =
                                        rs.getString(4) == null
                                                ? null
                                                : json.readTree(rs.getString(4));
                                passed =
                                        rs.getInt(3) == 1
                                                && result != null
                                                && Answers.matches(result, correct);
                            }
                            return new Example(
                                    json.readTree(rs.getString(1)),
                                    rs.getBoolean(2),
                                    passed,
                                    correct != null);
                        })
                .list();
    }

    /**
     * The probability of a first-rung pass at which starting there and starting one higher cost the
     * same: the first rung's mean answered attempt cost over the mean cost of everything a task
     * spent above it after failing there. Empty when the window has no such failures.
     */
    OptionalDouble breakEven(String taskType, String firstModel, Instant from, Instant to) {
        return jdbc.sql(
                        """
                        with first_rung as (
                            select t.id, t.max_rung, a.cost_usd
                              from task t
                              join attempt a on a.task_id = t.id and a.rung = 1 and a.model_requested = :model
                             where t.type = :type and t.created_at >= :from and t.created_at < :to
                               and t.status in ('succeeded', 'failed') and not readout_provider_error(a.outcome)
                        ), above as (
                            select sum(a.cost_usd) as cost
                              from (select distinct id from first_rung where max_rung > 1) f
                              join attempt a on a.task_id = f.id and a.rung > 1
                             group by f.id
                        )
                        select (select avg(cost_usd) from first_rung) / nullif((select avg(cost) from above), 0)\
                        """)
                .param("model", firstModel)
                .param("type", taskType)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(
                        (rs, row) -> {
                            double ratio = rs.getDouble(1);
                            return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(ratio);
                        })
                .single();
    }
}
