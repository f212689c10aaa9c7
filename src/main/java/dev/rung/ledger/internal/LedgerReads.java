package dev.rung.ledger.internal;

import dev.rung.ledger.TaskStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads {@code task} and {@code attempt} rows back; every write goes through {@link GroupCommit}.
 */
@Component
class LedgerReads {

    private final JdbcClient jdbc;

    LedgerReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<TaskRow> task(UUID id) {
        return jdbc.sql("select * from task where id = ?")
                .param(id)
                .query(LedgerReads::task)
                .optional();
    }

    /**
     * Through the key's claim (V12): task is partitioned by id, so a lookup by key alone would read
     * every month.
     */
    Optional<TaskRow> taskByIdempotencyKey(String key) {
        return jdbc.sql(
                        """
                        select t.* from task t join task_idempotency_key k on k.task_id = t.id
                         where k.idempotency_key = ?\
                        """)
                .param(key)
                .query(LedgerReads::task)
                .optional();
    }

    List<AttemptRow> attempts(UUID taskId) {
        return jdbc.sql("select * from attempt where task_id = ? order by seq")
                .param(taskId)
                .query(LedgerReads::attempt)
                .list();
    }

    private static TaskRow task(ResultSet rs, int row) throws SQLException {
        TaskRow task = new TaskRow();
        task.id = rs.getObject("id", UUID.class);
        task.type = rs.getString("type");
        task.taskTypeVersion = (Integer) rs.getObject("task_type_version");
        task.subjectId = rs.getString("subject_id");
        task.idempotencyKey = rs.getString("idempotency_key");
        task.requestHash = rs.getString("request_hash");
        task.input = rs.getString("input");
        task.status = TaskStatus.of(rs.getString("status"));
        task.result = rs.getString("result");
        task.failureReason = rs.getString("failure_reason");
        task.tier = rs.getString("tier");
        task.policy = rs.getString("policy");
        task.experimentId = rs.getObject("experiment_id", UUID.class);
        task.arm = rs.getString("arm");
        task.simulated = rs.getBoolean("simulated");
        task.cacheHit = rs.getBoolean("cache_hit");
        task.attemptCount = rs.getInt("attempt_count");
        task.maxRung = (Integer) rs.getObject("max_rung");
        task.costUsd = rs.getBigDecimal("cost_usd");
        task.latencyMs = (Long) rs.getObject("latency_ms");
        task.mode = rs.getString("mode");
        task.leaseUntil = instant(rs.getTimestamp("lease_until"));
        task.instanceId = rs.getObject("instance_id", UUID.class);
        task.traceId = rs.getString("trace_id");
        task.createdAt = instant(rs.getTimestamp("created_at"));
        task.finishedAt = instant(rs.getTimestamp("finished_at"));
        task.deadline = instant(rs.getTimestamp("deadline"));
        return task;
    }

    private static AttemptRow attempt(ResultSet rs, int row) throws SQLException {
        AttemptRow attempt = new AttemptRow();
        attempt.id = rs.getObject("id", UUID.class);
        attempt.taskId = rs.getObject("task_id", UUID.class);
        attempt.seq = rs.getInt("seq");
        attempt.rung = rs.getInt("rung");
        attempt.provider = rs.getString("provider");
        attempt.modelRequested = rs.getString("model_requested");
        attempt.modelAnswered = rs.getString("model_answered");
        attempt.promptVersion = rs.getString("prompt_version");
        attempt.promptSha256 = rs.getString("prompt_sha256");
        attempt.outcome = rs.getString("outcome");
        attempt.detail = rs.getString("detail");
        attempt.inputTokens = rs.getLong("input_tokens");
        attempt.cachedInputTokens = rs.getLong("cached_input_tokens");
        attempt.outputTokens = rs.getLong("output_tokens");
        attempt.reasoningTokens = rs.getLong("reasoning_tokens");
        attempt.costUsd = rs.getBigDecimal("cost_usd");
        attempt.promptCostUsd = rs.getBigDecimal("prompt_cost_usd");
        attempt.maxCostUsd = rs.getBigDecimal("max_cost_usd");
        attempt.costEstimated = rs.getBoolean("cost_estimated");
        attempt.reservationId = rs.getObject("reservation_id", UUID.class);
        attempt.serviceTier = rs.getString("service_tier");
        attempt.latencyMs = (Long) rs.getObject("latency_ms");
        attempt.providerRequestId = rs.getString("provider_request_id");
        attempt.startedAt = instant(rs.getTimestamp("started_at"));
        attempt.finishedAt = instant(rs.getTimestamp("finished_at"));
        return attempt;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
