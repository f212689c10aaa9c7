package dev.rung.routers.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code router}: one row per trained version. */
@Component
class RouterStore {

    /** A router version as stored. */
    record Row(
            String name,
            int version,
            String taskType,
            String basePolicy,
            String status,
            Instant trainFrom,
            Instant trainTo,
            Instant holdoutFrom,
            Instant holdoutTo,
            BigDecimal spendCapUsd,
            RouterModel model,
            RouterView.Training training,
            List<PlannedReplay> evaluation,
            String createdBy,
            Instant createdAt,
            Instant finishedAt,
            String error) {

        String policy() {
            return LearnedRouters.policyName(name, version);
        }
    }

    /** A replay of the held-out window the evaluation started (its id null until started). */
    record PlannedReplay(String policy, Role role, UUID replayId) {}

    /** Why a policy is replayed in an evaluation. */
    enum Role {
        /** The router's own learned policy. */
        ROUTER,
        /** The policy the router starts on its first rung or one higher. */
        BASE,
        /** Another policy it should beat. */
        COMPARED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final TypeReference<List<PlannedReplay>> PLAN = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RouterStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new version of the router, training; its version is one more than the last. */
    Row create(RouterRequest request, String basePolicy) {
        int version =
                jdbc.sql(
                                """
                                insert into router (name, version, task_type, base_policy, status, train_from, train_to,
                                                    holdout_from, holdout_to, spend_cap_usd, created_by, created_at)
                                select :name, coalesce(max(version), 0) + 1, :type, :base, 'training', :trainFrom, :trainTo,
                                       :holdoutFrom, :holdoutTo, :cap, :actor, now()
                                  from router where name = :name
                                returning version\
                                """)
                        .param("name", request.name())
                        .param("type", request.taskType())
                        .param("base", basePolicy)
                        .param("trainFrom", Timestamp.from(request.trainFrom()))
                        .param("trainTo", Timestamp.from(request.trainTo()))
                        .param("holdoutFrom", Timestamp.from(request.holdoutFrom()))
                        .param("holdoutTo", Timestamp.from(request.holdoutTo()))
                        .param("cap", request.spendCapUsd())
                        .param("actor", request.actorOrDefault())
                        .query(Integer.class)
                        .single();
        return find(request.name(), version).orElseThrow();
    }

    void trained(String name, int version, RouterModel model, RouterView.Training training) {
        jdbc.sql(
                        "update router set model = ?::jsonb, training = ?::jsonb, status ="
                                + " 'evaluating' where name = ? and version = ?")
                .params(
                        json.writeValueAsString(model),
                        json.writeValueAsString(training),
                        name,
                        version)
                .update();
    }

    void evaluating(String name, int version, List<PlannedReplay> replays) {
        jdbc.sql("update router set evaluation = ?::jsonb where name = ? and version = ?")
                .params(json.writeValueAsString(replays), name, version)
                .update();
    }

    void evaluated(String name, int version) {
        jdbc.sql(
                        "update router set status = 'evaluated', finished_at = now() where name ="
                                + " ? and version = ? and status = 'evaluating'")
                .params(name, version)
                .update();
    }

    void failed(String name, int version, String error) {
        jdbc.sql(
                        "update router set status = 'failed', error = ?, finished_at = now() where"
                            + " name = ? and version = ? and status in ('training', 'evaluating')")
                .params(error, name, version)
                .update();
    }

    /** Versions still training after {@code longest}: their job was lost with its instance. */
    List<Row> stuckTraining(Duration longest) {
        return jdbc.sql("select * from router where status = 'training' and created_at < ?")
                .param(Timestamp.from(Instant.now().minus(longest)))
                .query(this::row)
                .list();
    }

    List<Row> evaluating() {
        return jdbc.sql(
                        "select * from router where status = 'evaluating' and evaluation is not"
                                + " null")
                .query(this::row)
                .list();
    }

    Optional<Row> find(String name, int version) {
        return jdbc.sql("select * from router where name = ? and version = ?")
                .params(name, version)
                .query(this::row)
                .optional();
    }

    /** The newest version of the router, whatever its status. */
    Optional<Row> latest(String name) {
        return jdbc.sql("select * from router where name = ? order by version desc limit 1")
                .param(name)
                .query(this::row)
                .optional();
    }

    /** The newest evaluated version: what {@code learned:<name>} without a version serves. */
    Optional<Row> latestEvaluated(String name) {
        return jdbc.sql(
                        "select * from router where name = ? and status = 'evaluated' order by"
                                + " version desc limit 1")
                .param(name)
                .query(this::row)
                .optional();
    }

    List<Row> all() {
        return jdbc.sql("select * from router order by name, version desc limit 200")
                .query(this::row)
                .list();
    }

    private Row row(ResultSet rs, int index) throws SQLException {
        String model = rs.getString("model");
        String training = rs.getString("training");
        String evaluation = rs.getString("evaluation");
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Row(
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("task_type"),
                rs.getString("base_policy"),
                rs.getString("status"),
                rs.getTimestamp("train_from").toInstant(),
                rs.getTimestamp("train_to").toInstant(),
                rs.getTimestamp("holdout_from").toInstant(),
                rs.getTimestamp("holdout_to").toInstant(),
                rs.getBigDecimal("spend_cap_usd"),
                model == null ? null : json.readValue(model, RouterModel.class),
                training == null ? null : json.readValue(training, RouterView.Training.class),
                evaluation == null ? List.of() : json.readValue(evaluation, PLAN),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getString("error"));
    }
}
