package dev.rung.ledger.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The ledger's group-committed statements (see {@link GroupCommit}) and the rows that fill them. */
final class LedgerSql {

    private LedgerSql() {
    }

    static final String INSERT_TASK = """
            insert into task (id, type, task_type_version, subject_id, idempotency_key, request_hash, input, status, result,
                              failure_reason, tier, policy, experiment_id, arm, simulated, cache_hit, attempt_count, max_rung,
                              cost_usd, latency_ms, mode, trace_id, created_at, finished_at)
            values (?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict do nothing""";

    static final String INSERT_ATTEMPT = """
            insert into attempt (id, task_id, seq, rung, provider, model_requested, model_answered, prompt_version,
                                 prompt_sha256, outcome, detail, input_tokens, cached_input_tokens, output_tokens,
                                 reasoning_tokens, cost_usd, latency_ms, provider_request_id, started_at, finished_at)
            values (?::uuid, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String FINISH_TASK = """
            update task set status = ?, result = ?::jsonb, failure_reason = ?, attempt_count = ?, max_rung = ?,
                            cost_usd = ?, latency_ms = ?, trace_id = ?, finished_at = ?, lease_until = null
             where id = ?::uuid""";

    /** The order statement kinds run in within one transaction: a task before its attempts, attempts before the finish. */
    static final List<String> ORDER = List.of(INSERT_TASK, INSERT_ATTEMPT, FINISH_TASK);

    static int rank(String sql) {
        int rank = ORDER.indexOf(sql);
        return rank < 0 ? ORDER.size() : rank;
    }

    /** The task as it stands: running (it claims its Idempotency-Key) or already finished. */
    static GroupCommit.Row insertTask(TaskEntity row) {
        return new GroupCommit.Row(INSERT_TASK, row.id, row.type, row.taskTypeVersion, row.subjectId, row.idempotencyKey, row.requestHash,
                row.input, row.status, row.result, row.failureReason, row.tier, row.policy, row.experimentId, row.arm,
                row.simulated, row.cacheHit, row.attemptCount, row.maxRung, row.costUsd, row.latencyMs, row.mode,
                row.traceId, timestamp(row.createdAt), timestamp(row.finishedAt));
    }

    static GroupCommit.Row insertAttempt(AttemptEntity row) {
        return new GroupCommit.Row(INSERT_ATTEMPT, row.id, row.taskId, row.seq, row.rung, row.provider,
                row.modelRequested, row.modelAnswered, row.promptVersion, row.promptSha256, row.outcome, row.detail,
                row.inputTokens, row.cachedInputTokens, row.outputTokens, row.reasoningTokens, row.costUsd, row.latencyMs,
                row.providerRequestId, timestamp(row.startedAt), timestamp(row.finishedAt));
    }

    /** The outcome of a task whose row was stored when it started. */
    static GroupCommit.Row finishTask(TaskEntity row) {
        return new GroupCommit.Row(FINISH_TASK, row.status, row.result, row.failureReason, row.attemptCount, row.maxRung,
                row.costUsd, row.latencyMs, row.traceId, timestamp(row.finishedAt), row.id);
    }

    /** A timestamptz parameter, whatever the JVM's or the session's time zone. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
