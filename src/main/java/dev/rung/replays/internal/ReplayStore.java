package dev.rung.replays.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code replay} and {@code replay_task}: replays, their progress, and the tasks they take. */
@Component
class ReplayStore {

    /** A served task to replay, in the order replays take them. */
    record Candidate(
            UUID id,
            Instant createdAt,
            String subjectId,
            int version,
            String tier,
            ObjectNode input,
            /* Accepted to run later (webhooks, asynchronous calls) rather than answered at once. */
            boolean queued) {}

    /** Which served tasks a replay covers; the same clause counts and pages them. */
    private static final String WINDOW =
            """
             from task t
            where t.type = :type and t.created_at >= :from and t.created_at < :to
              and t.status in ('succeeded', 'failed')
              and (cast(:tier as text) is null or t.tier = :tier)
              and not exists (select 1 from replay_task rt where rt.task_id = t.id)
              and (cast(:source as text) is null
                   or (:source = 'api' and not exists (select 1 from webhook_delivery w where w.task_id = t.id))
                   or exists (select 1 from webhook_delivery w where w.task_id = t.id and w.source = :source))
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ReplayStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    ReplayView create(ReplayRequest request, String actor, UUID instance) {
        int candidates =
                request.shadow()
                        ? 0
                        : jdbc.sql("select count(*)" + WINDOW)
                                .params(window(request))
                                .query(Integer.class)
                                .single();
        UUID id = UUID.randomUUID();
        jdbc.sql(
                        """
                        insert into replay (id, task_type, policy, mode, window_from, window_to, share, source, tier,
                                            spend_cap_usd, status, candidates, instance_id, created_by, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)\
                        """)
                .params(
                        id,
                        request.taskType(),
                        request.policy(),
                        request.shadow() ? "shadow" : "window",
                        request.shadow() ? null : Timestamp.from(request.from()),
                        request.shadow() ? null : Timestamp.from(request.to()),
                        request.shadow() ? request.share() : null,
                        request.source(),
                        request.tier(),
                        request.spendCapUsd(),
                        candidates,
                        instance,
                        actor,
                        Timestamp.from(Instant.now()))
                .update();
        return find(id).orElseThrow();
    }

    /** Running shadows, of every task type. */
    List<ReplayView> liveShadows() {
        return jdbc.sql("select * from replay where mode = 'shadow' and status = 'running'")
                .query(this::view)
                .list();
    }

    /** A task served to a caller (not itself a rerun) that has ended, as a replay takes it. */
    Optional<Candidate> served(UUID taskId) {
        return jdbc.sql(
                        """
                        select t.id, t.created_at, t.subject_id, coalesce(t.task_type_version, 0), t.tier,
                               case when t.input_purged_at is null then t.input::text end, t.mode = 'async'
                          from task t
                         where t.id = ? and t.status in ('succeeded', 'failed')
                           and not exists (select 1 from replay_task rt where rt.task_id = t.id)\
                        """)
                .param(taskId)
                .query(this::candidate)
                .optional();
    }

    /** A shadow took one more served task. */
    void sampled(UUID replayId) {
        jdbc.sql("update replay set candidates = candidates + 1 where id = ?")
                .param(replayId)
                .update();
    }

    /** The next served tasks of the window after {@code after} (by creation, then id). */
    List<Candidate> next(ReplayView replay, Candidate after, int limit) {
        Map<String, Object> params = window(replay);
        params.put("afterAt", after == null ? null : Timestamp.from(after.createdAt()));
        params.put("afterId", after == null ? null : after.id());
        params.put("limit", limit);
        return jdbc.sql(
                        "select t.id, t.created_at, t.subject_id, coalesce(t.task_type_version, 0),"
                                + " t.tier, case when t.input_purged_at is null then t.input::text"
                                + " end, t.mode = 'async'"
                                + WINDOW
                                + " and (cast(:afterAt as timestamptz) is null or (t.created_at,"
                                + " t.id) > (cast(:afterAt as timestamptz), cast(:afterId as"
                                + " uuid))) order by t.created_at, t.id limit :limit")
                .params(params)
                .query(this::candidate)
                .list();
    }

    /**
     * Ties the rerun to the task it reruns as soon as it is opened, before it can finish: a task
     * that finishes is known as a rerun, so no shadow reruns a rerun.
     */
    void opened(UUID replayId, UUID servedTaskId, UUID taskId) {
        jdbc.sql(
                        "insert into replay_task (replay_id, served_task_id, task_id) values (?, ?,"
                                + " ?)")
                .params(replayId, servedTaskId, taskId)
                .update();
    }

    void replayed(UUID replayId, BigDecimal cost) {
        jdbc.sql(
                        "update replay set processed = processed + 1, spent_usd = spent_usd + ?"
                                + " where id = ?")
                .params(cost == null ? BigDecimal.ZERO : cost, replayId)
                .update();
    }

    void skippedErased(UUID replayId) {
        jdbc.sql("update replay set skipped_erased = skipped_erased + 1 where id = ?")
                .param(replayId)
                .update();
    }

    /** Ends a running replay; false when it had already ended (e.g. cancelled meanwhile). */
    boolean end(UUID id, ReplayStatus status, String error) {
        return jdbc.sql(
                                "update replay set status = ?, error = ?, finished_at = ? where id"
                                        + " = ? and status = 'running'")
                        .params(status.wire(), error, Timestamp.from(Instant.now()), id)
                        .update()
                == 1;
    }

    /**
     * Window replays whose instance stopped: nothing runs them any more. (A shadow belongs to no
     * instance: every replica feeds it.)
     */
    int failInterrupted() {
        return jdbc.sql(
                        """
                        update replay set status = 'failed', finished_at = now(),
                               error = 'interrupted: the instance running it stopped; start a new replay'
                         where status = 'running' and mode = 'window'
                           and (instance_id is null or instance_id not in (select id from rung_instance))\
                        """)
                .update();
    }

    Optional<ReplayView> find(UUID id) {
        return jdbc.sql("select * from replay where id = ?").param(id).query(this::view).optional();
    }

    List<ReplayView> all() {
        return jdbc.sql("select * from replay order by created_at desc limit 200")
                .query(this::view)
                .list();
    }

    private static Map<String, Object> window(ReplayRequest request) {
        return window(
                request.taskType(), request.from(), request.to(), request.tier(), request.source());
    }

    private static Map<String, Object> window(ReplayView replay) {
        return window(
                replay.taskType(), replay.from(), replay.to(), replay.tier(), replay.source());
    }

    private static Map<String, Object> window(
            String type, Instant from, Instant to, String tier, String source) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", type);
        params.put("from", Timestamp.from(from));
        params.put("to", Timestamp.from(to));
        params.put("tier", tier);
        params.put("source", source);
        return params;
    }

    private Candidate candidate(ResultSet rs, int row) throws SQLException {
        String input = rs.getString(6);
        return new Candidate(
                rs.getObject(1, UUID.class),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                input == null ? null : (ObjectNode) json.readTree(input),
                rs.getBoolean(7));
    }

    private ReplayView view(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        Timestamp from = rs.getTimestamp("window_from");
        Timestamp to = rs.getTimestamp("window_to");
        return new ReplayView(
                rs.getObject("id", UUID.class),
                rs.getString("task_type"),
                rs.getString("policy"),
                rs.getString("mode"),
                from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(),
                rs.getBigDecimal("share"),
                rs.getString("source"),
                rs.getString("tier"),
                rs.getBigDecimal("spend_cap_usd"),
                rs.getString("status"),
                rs.getInt("candidates"),
                rs.getInt("processed"),
                rs.getInt("skipped_erased"),
                rs.getBigDecimal("spent_usd"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getString("error"));
    }
}
