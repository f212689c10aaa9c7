package dev.rung.experiments.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Experiments, their events and their sticky assignments, in plain SQL. */
@Repository
class ExperimentRepository {

    private static final String COLUMNS =
            """
            id, name, task_type, control_policy, treatment_policy, treatment_share, seed, status, prompt_version,
            prompt_sha256, task_type_version, time_zone, pass_rate_margin, consecutive_periods, escalation_ceiling, min_sample_per_arm,
            period_seconds, alpha, last_evaluated_period, created_at, started_at, stopped_at\
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ExperimentRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Experiment e) {
        jdbc.sql(
                        "insert into experiment ("
                                + COLUMNS
                                + ") values (:id, :name, :taskType, :control, :treatment, :share,"
                                + " :seed, :status, null, null, null, :timeZone, :margin, :periods,"
                                + " :ceiling, :minSample, :periodSeconds, :alpha, -1, :createdAt,"
                                + " null, null)")
                .param("id", e.id())
                .param("name", e.name())
                .param("taskType", e.taskType())
                .param("control", e.controlPolicy())
                .param("treatment", e.treatmentPolicy())
                .param("share", e.treatmentShare())
                .param("seed", e.seed())
                .param("status", e.status())
                .param("timeZone", e.timeZone())
                .param("margin", e.stopLoss().passRateMargin())
                .param("periods", e.stopLoss().consecutivePeriods())
                .param("ceiling", e.stopLoss().escalationCeiling())
                .param("minSample", e.stopLoss().minSamplePerArm())
                .param("periodSeconds", e.stopLoss().period().toSeconds())
                .param("alpha", e.stopLoss().alpha())
                .param("createdAt", Timestamp.from(e.createdAt()))
                .update();
    }

    Optional<Experiment> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from experiment where id = ?")
                .param(id)
                .query(this::map)
                .optional();
    }

    List<Experiment> list() {
        return jdbc.sql("select " + COLUMNS + " from experiment order by created_at desc")
                .query(this::map)
                .list();
    }

    List<Experiment> live() {
        return jdbc.sql(
                        "select "
                                + COLUMNS
                                + " from experiment where status in ('running', 'paused')")
                .query(this::map)
                .list();
    }

    /**
     * Moves the experiment from one of {@code from} to {@code to}, pinning what {@code pin} holds
     * (null: nothing); false when it was not in such a state.
     */
    boolean transition(UUID id, List<String> from, String to, Experiment.Pin pin) {
        return jdbc.sql(
                                """
                                update experiment set status = :to,
                                       prompt_version = coalesce(:version, prompt_version),
                                       prompt_sha256 = coalesce(:sha, prompt_sha256),
                                       task_type_version = coalesce(:typeVersion, task_type_version),
                                       started_at = case when :to = 'running' then coalesce(started_at, now()) else started_at end,
                                       stopped_at = case when :to = 'stopped' then now() else stopped_at end
                                 where id = :id and status in (:from)\
                                """)
                        .param("to", to)
                        .param("version", pin == null ? null : pin.promptVersion())
                        .param("sha", pin == null ? null : pin.promptSha256())
                        .param(
                                "typeVersion",
                                pin == null ? null : pin.taskTypeVersion(),
                                java.sql.Types.INTEGER)
                        .param("id", id)
                        .param("from", from)
                        .update()
                == 1;
    }

    /** Claims a period boundary for evaluation, so only one replica evaluates it. */
    boolean claimPeriod(UUID id, long period) {
        return jdbc.sql(
                                "update experiment set last_evaluated_period = ? where id = ? and"
                                        + " last_evaluated_period < ?")
                        .param(period)
                        .param(id)
                        .param(period)
                        .update()
                == 1;
    }

    void recordEvent(
            UUID experimentId,
            String kind,
            String actor,
            String reason,
            Map<String, Object> numbers) {
        jdbc.sql(
                        "insert into experiment_event (experiment_id, kind, actor, reason, numbers,"
                                + " at) values (?, ?, ?, ?, ?::jsonb, ?)")
                .param(experimentId)
                .param(kind)
                .param(actor)
                .param(reason)
                .param(json.writeValueAsString(numbers))
                .param(Timestamp.from(Instant.now()))
                .update();
    }

    List<ExperimentEvent> events(UUID experimentId) {
        return jdbc.sql(
                        "select kind, actor, reason, numbers::text, at from experiment_event where"
                                + " experiment_id = ? order by id")
                .param(experimentId)
                .query(
                        (rs, row) ->
                                new ExperimentEvent(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        json.readValue(rs.getString(4), Map.class),
                                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * The subject's arm: the stored one if it has one, else {@code proposed}, stored from now on.
     */
    String stickyArm(UUID experimentId, String subjectId, String proposed) {
        return jdbc.sql(
                        """
                        insert into experiment_assignment (experiment_id, subject_id, arm, assigned_at) values (?, ?, ?, now())
                        on conflict (experiment_id, subject_id) do update set subject_id = excluded.subject_id
                        returning arm\
                        """)
                .param(experimentId)
                .param(subjectId)
                .param(proposed)
                .query(String.class)
                .single();
    }

    private Experiment map(ResultSet rs, int row) throws SQLException {
        var stopLoss =
                new Experiment.StopLossSettings(
                        rs.getBigDecimal("pass_rate_margin"),
                        rs.getInt("consecutive_periods"),
                        rs.getBigDecimal("escalation_ceiling"),
                        rs.getInt("min_sample_per_arm"),
                        Duration.ofSeconds(rs.getLong("period_seconds")),
                        rs.getBigDecimal("alpha"));
        return new Experiment(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("task_type"),
                rs.getString("control_policy"),
                rs.getString("treatment_policy"),
                rs.getBigDecimal("treatment_share"),
                rs.getString("seed"),
                rs.getString("status"),
                rs.getString("prompt_version"),
                rs.getString("prompt_sha256"),
                rs.getObject("task_type_version", Integer.class),
                rs.getString("time_zone"),
                stopLoss,
                rs.getLong("last_evaluated_period"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "stopped_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
