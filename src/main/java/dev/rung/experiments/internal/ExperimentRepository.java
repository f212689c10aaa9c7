package dev.rung.experiments.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Experiments ({@link ExperimentRecords}, JPA), their events and their sticky assignments (plain
 * SQL: one row per subject, written on the hot path as an upsert).
 */
@Repository
class ExperimentRepository {

    private final ExperimentRecords records;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    ExperimentRepository(ExperimentRecords records, JdbcClient jdbc, JsonMapper json) {
        this.records = records;
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Experiment e) {
        records.saveAndFlush(new ExperimentEntity(e));
    }

    Optional<Experiment> find(UUID id) {
        return records.findById(id).map(ExperimentEntity::experiment);
    }

    List<Experiment> list() {
        return records.findAllByOrderByCreatedAtDesc().stream()
                .map(ExperimentEntity::experiment)
                .toList();
    }

    List<Experiment> live() {
        return records
                .findByStatusIn(List.of(ExperimentStatus.RUNNING, ExperimentStatus.PAUSED))
                .stream()
                .map(ExperimentEntity::experiment)
                .toList();
    }

    /**
     * Moves the experiment from one of {@code from} to {@code to}, pinning what {@code pin} holds
     * (null: nothing); false when it was not in such a state.
     */
    boolean transition(
            UUID id, List<ExperimentStatus> from, ExperimentStatus to, Experiment.Pin pin) {
        return records.transition(
                        id,
                        from,
                        to,
                        pin == null ? null : pin.promptVersion(),
                        pin == null ? null : pin.promptSha256(),
                        pin == null ? null : pin.taskTypeVersion(),
                        to == ExperimentStatus.RUNNING,
                        to == ExperimentStatus.STOPPED,
                        Instant.now())
                == 1;
    }

    /** Claims a period boundary for evaluation, so only one replica evaluates it. */
    boolean claimPeriod(UUID id, long period) {
        return records.claimPeriod(id, period) == 1;
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

    /** Pauses one treatment; false when it was paused already. */
    boolean pauseArm(UUID experimentId, String arm) {
        return jdbc.sql(
                                "update experiment_arm set paused_at = now() where experiment_id"
                                        + " = ? and arm = ? and paused_at is null")
                        .param(experimentId)
                        .param(arm)
                        .update()
                == 1;
    }

    /** Lets every paused treatment serve again (on resume). */
    void resumeArms(UUID experimentId) {
        jdbc.sql("update experiment_arm set paused_at = null where experiment_id = ?")
                .param(experimentId)
                .update();
    }
}
