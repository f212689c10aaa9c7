package dev.rung.experiments.internal;

import dev.rung.task.ConfidenceSource;
import dev.rung.task.TaskDefinition;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The check-quality report of a task type over a window of task creation times: every attempt that
 * gave or failed to give an answer, on every task with a correct answer on record, streamed and
 * judged in one pass. A draft the verifier judged counts once, as the verifier's outcome: accepted
 * when verified, failed by {@code verifier_rejected} when not.
 */
@Component
class CheckQuality {

    private static final String JUDGED_OUTCOMES =
            "'pass', 'verified', 'schema_invalid', 'missing_fields', 'rule_failed',"
                    + " 'citation_unknown', 'quote_mismatch', 'citation_missing',"
                    + " 'low_confidence', 'verifier_rejected', 'refusal', 'truncated'";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CheckQuality(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public CheckQualityReport report(
            TaskDefinition type, Instant from, Instant to, Optional<String> policy) {
        // Attempts stored before the confidence was kept in their detail: the answer's own field.
        Optional<String> confidenceField =
                switch (type.confidence()) {
                    case ConfidenceSource.None none -> Optional.empty();
                    case ConfidenceSource.Field field -> Optional.of(field.name());
                    case ConfidenceSource.TokenProbability spelled -> Optional.empty();
                    case ConfidenceSource.Lower lower -> Optional.of(lower.field());
                };
        boolean judgesConfidence = !(type.confidence() instanceof ConfidenceSource.None);
        Map<Integer, CheckQualityTally> rungs = new TreeMap<>();
        jdbc.sql(
                        """
                        select a.rung, a.model_requested,
                               case when a.outcome = 'verified' then 'pass' else a.outcome end,
                               (case when a.outcome in ('pass', 'verified') then t.result
                                     else a.detail->'answer' end)::text,
                               f.correct::text, (a.detail->>'confidence')::float8
                          from task t
                          join feedback f on f.task_id = t.id
                          join attempt a on a.task_id = t.id
                         where t.type = :type and t.created_at >= :from and t.created_at < :to
                           and (cast(:policy as text) is null or t.policy = :policy)
                           and a.outcome in (%s)
                           -- a draft sent to the verifier: the verifier's attempt tells its fate
                           and not (a.outcome = 'pass' and a.detail->>'next' = 'verify')\
                        """
                                .formatted(JUDGED_OUTCOMES))
                .params(parameters(type, from, to, policy))
                .query(
                        rs -> {
                            int rung = rs.getInt(1);
                            Optional<JsonNode> answer =
                                    Optional.ofNullable(rs.getString(4)).map(json::readTree);
                            double stored = rs.getDouble(6);
                            OptionalDouble confidence =
                                    !judgesConfidence
                                            ? OptionalDouble.empty()
                                            : !rs.wasNull()
                                                    ? OptionalDouble.of(stored)
                                                    : ownConfidence(answer, confidenceField);
                            rungs.computeIfAbsent(rung, CheckQualityTally::new)
                                    .add(
                                            rs.getString(2),
                                            rs.getString(3),
                                            answer,
                                            json.readTree(rs.getString(5)),
                                            confidence);
                        });
        Map<String, Long> sources = new LinkedHashMap<>();
        jdbc.sql(
                        """
                        select f.source, count(*) from task t join feedback f on f.task_id = t.id
                         where t.type = :type and t.created_at >= :from and t.created_at < :to
                           and (cast(:policy as text) is null or t.policy = :policy)
                         group by f.source order by f.source\
                        """)
                .params(parameters(type, from, to, policy))
                .query(
                        rs -> {
                            sources.put(rs.getString(1), rs.getLong(2));
                        });
        return new CheckQualityReport(
                type.slug(),
                from,
                to,
                policy.orElse(null),
                sources.values().stream().mapToLong(Long::longValue).sum(),
                sources,
                rungs.values().stream().map(CheckQualityTally::quality).toList());
    }

    private static OptionalDouble ownConfidence(Optional<JsonNode> answer, Optional<String> field) {
        return answer.flatMap(a -> field.map(a::get))
                .filter(JsonNode::isNumber)
                .map(value -> OptionalDouble.of(value.asDouble()))
                .orElse(OptionalDouble.empty());
    }

    private static Map<String, Object> parameters(
            TaskDefinition type, Instant from, Instant to, Optional<String> policy) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("type", type.slug());
        parameters.put("from", Timestamp.from(from));
        parameters.put("to", Timestamp.from(to));
        parameters.put("policy", policy.orElse(null));
        return parameters;
    }
}
