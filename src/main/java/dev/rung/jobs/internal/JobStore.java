package dev.rung.jobs.internal;

import dev.rung.intake.BatchedTasks;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Bulk jobs, their batches and their items in PostgreSQL. */
@Component
class JobStore {

    /** A job as stored. */
    record Job(
            UUID id,
            String taskType,
            int taskTypeVersion,
            String tier,
            String policy,
            String inputFormat,
            String writeBack,
            JobStatus status,
            int total,
            boolean simulated,
            String createdBy,
            Instant createdAt,
            Instant finishedAt) {}

    /** An input with no task yet. */
    record Pending(int line, String subjectId, ObjectNode input, String recordId) {}

    /** An input whose batch line is on record; {@code batchId} null until it is uploaded. */
    record Waiting(
            int line,
            String subjectId,
            ObjectNode input,
            String recordId,
            BatchedTasks.Parked parked,
            String batchId) {}

    /** One of a job's batches as last polled. */
    record Batch(
            String id,
            String inputFileId,
            int lines,
            String status,
            int completed,
            int failed,
            String failure,
            Instant submittedAt,
            Instant endedAt) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    JobStore(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    /** The job and every input, in one transaction: nothing half-stored. */
    @Transactional
    void create(Job job, List<JobInput.Line> lines) {
        jdbc.sql(
                        """
                        insert into bulk_job (id, task_type, task_type_version, tier, policy, input_format, write_back,
                                              status, total, simulated, created_by, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\
                        """)
                .params(
                        job.id(),
                        job.taskType(),
                        job.taskTypeVersion(),
                        job.tier(),
                        job.policy(),
                        job.inputFormat(),
                        job.writeBack(),
                        job.status().wire(),
                        job.total(),
                        job.simulated(),
                        job.createdBy(),
                        Timestamp.from(job.createdAt()))
                .update();
        template.batchUpdate(
                """
                insert into bulk_job_item (job_id, line, subject_id, input, record_id, state)
                values (?, ?, ?, ?::jsonb, ?, 'pending')\
                """,
                lines,
                1000,
                (statement, line) -> {
                    statement.setObject(1, job.id());
                    statement.setInt(2, line.number());
                    statement.setString(3, line.request().subjectId());
                    statement.setString(4, line.request().input().toString());
                    statement.setString(5, line.recordId());
                });
    }

    Optional<Job> find(UUID id) {
        return jdbc.sql("select * from bulk_job where id = ?")
                .param(id)
                .query(this::job)
                .optional();
    }

    List<Job> recent(int limit) {
        return jdbc.sql("select * from bulk_job order by created_at desc limit ?")
                .param(limit)
                .query(this::job)
                .list();
    }

    /**
     * Takes the open job that waited longest for a step, holding it for {@code lease}; empty when
     * none is due.
     */
    Optional<Job> takeDue(Duration lease) {
        return jdbc.sql(
                        """
                        update bulk_job set lease_until = now() + make_interval(secs => :lease)
                         where id = (select id from bulk_job
                                      where status in ('preparing', 'waiting', 'cancelling')
                                        and (lease_until is null or lease_until < now())
                                      order by lease_until nulls first, created_at limit 1 for update skip locked)
                        returning *\
                        """)
                .param("lease", lease.toSeconds())
                .query(this::job)
                .optional();
    }

    /** The job may be taken again after {@code delay}. */
    void release(UUID jobId, Duration delay) {
        jdbc.sql(
                        "update bulk_job set lease_until = now() + make_interval(secs => ?) where"
                                + " id = ?")
                .params(delay.toMillis() / 1000.0, jobId)
                .update();
    }

    void status(UUID jobId, JobStatus status) {
        jdbc.sql(
                        """
                        update bulk_job set status = ?,
                               finished_at = case when ? then now() else finished_at end
                         where id = ?\
                        """)
                .params(status.wire(), !status.open(), jobId)
                .update();
    }

    /** Asks an open job to stop; false when it had ended already. */
    boolean requestCancel(UUID jobId) {
        return jdbc.sql(
                                """
                                update bulk_job set status = 'cancelling', lease_until = null
                                 where id = ? and status in ('preparing', 'waiting', 'cancelling')\
                                """)
                        .param(jobId)
                        .update()
                > 0;
    }

    List<Pending> pending(UUID jobId, int limit) {
        return jdbc.sql(
                        """
                        select line, subject_id, input::text, record_id from bulk_job_item
                         where job_id = ? and state = 'pending' order by line limit ?\
                        """)
                .params(jobId, limit)
                .query(
                        (rs, row) ->
                                new Pending(
                                        rs.getInt(1),
                                        rs.getString(2),
                                        (ObjectNode) json.readTree(rs.getString(3)),
                                        rs.getString(4)))
                .list();
    }

    /** The input's task holds its batch line in flight; the task keeps the input from now on. */
    void waiting(UUID jobId, int line, BatchedTasks.Parked parked) {
        jdbc.sql(
                        """
                        update bulk_job_item set state = 'waiting', input = null, batch_id = null, task_id = ?,
                               attempt_id = ?, attempt_seq = ?, reservation_id = ?, model = ?, task_created_at = ?
                         where job_id = ? and line = ?\
                        """)
                .params(
                        parked.taskId(),
                        parked.attemptId(),
                        parked.sequence(),
                        parked.reservationId(),
                        parked.model(),
                        Timestamp.from(parked.createdAt()),
                        jobId,
                        line)
                .update();
    }

    /** Inputs of a cancelled job that never became tasks. */
    void cancelPending(UUID jobId) {
        jdbc.sql(
                        "update bulk_job_item set state = 'done', input = null where job_id = ? and"
                                + " state = 'pending'")
                .param(jobId)
                .update();
    }

    void done(UUID jobId, int line, UUID taskId) {
        jdbc.sql(
                        "update bulk_job_item set state = 'done', input = null, task_id = ? where"
                                + " job_id = ? and line = ?")
                .params(taskId, jobId, line)
                .update();
    }

    /** Inputs waiting on a batch ({@code batchId}), or on none yet (null): not yet uploaded. */
    List<Waiting> waiting(UUID jobId, String batchId) {
        return jdbc.sql(
                        """
                        select i.line, i.subject_id, t.input::text, i.record_id, i.task_id, i.attempt_seq, i.attempt_id,
                               i.reservation_id, i.model, i.task_created_at, i.batch_id
                          from bulk_job_item i join task t on t.id = i.task_id
                         where i.job_id = :job and i.state = 'waiting'
                           and (i.batch_id = :batch or (cast(:batch as text) is null and i.batch_id is null))
                         order by i.line\
                        """)
                .param("job", jobId)
                .param("batch", batchId)
                .query(this::waiting)
                .list();
    }

    /** A batch created over these inputs' lines. */
    @Transactional
    void batchCreated(UUID jobId, String batchId, String inputFileId, List<Integer> lines) {
        jdbc.sql(
                        """
                        insert into bulk_job_batch (id, job_id, input_file_id, lines, status, submitted_at)
                        values (?, ?, ?, ?, 'validating', now())\
                        """)
                .params(batchId, jobId, inputFileId, lines.size())
                .update();
        template.batchUpdate(
                "update bulk_job_item set batch_id = ? where job_id = ? and line = ?",
                lines,
                1000,
                (statement, line) -> {
                    statement.setString(1, batchId);
                    statement.setObject(2, jobId);
                    statement.setInt(3, line);
                });
    }

    List<Batch> batches(UUID jobId) {
        return jdbc.sql("select * from bulk_job_batch where job_id = ? order by submitted_at")
                .param(jobId)
                .query(
                        (rs, row) ->
                                new Batch(
                                        rs.getString("id"),
                                        rs.getString("input_file_id"),
                                        rs.getInt("lines"),
                                        rs.getString("status"),
                                        rs.getInt("completed"),
                                        rs.getInt("failed"),
                                        rs.getString("failure"),
                                        rs.getTimestamp("submitted_at").toInstant(),
                                        instant(rs.getTimestamp("ended_at"))))
                .list();
    }

    void batchPolled(
            String batchId,
            String status,
            int completed,
            int failed,
            String failure,
            boolean ended) {
        jdbc.sql(
                        """
                        update bulk_job_batch set status = ?, completed = ?, failed = ?, failure = ?,
                               ended_at = case when ? then coalesce(ended_at, now()) else ended_at end
                         where id = ?\
                        """)
                .params(status, completed, failed, failure, ended, batchId)
                .update();
    }

    private Waiting waiting(ResultSet rs, int row) throws SQLException {
        return new Waiting(
                rs.getInt(1),
                rs.getString(2),
                (ObjectNode) json.readTree(rs.getString(3)),
                rs.getString(4),
                new BatchedTasks.Parked(
                        rs.getObject(5, UUID.class),
                        rs.getInt(6),
                        rs.getObject(7, UUID.class),
                        rs.getObject(8, UUID.class),
                        rs.getString(9),
                        rs.getTimestamp(10).toInstant()),
                rs.getString(11));
    }

    private Job job(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("task_type"),
                rs.getInt("task_type_version"),
                rs.getString("tier"),
                rs.getString("policy"),
                rs.getString("input_format"),
                rs.getString("write_back"),
                JobStatus.of(rs.getString("status")),
                rs.getInt("total"),
                rs.getBoolean("simulated"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
