package dev.rung.ledger.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The ledger's group-committed statements (see {@link GroupCommit}) and the rows that fill them.
 */
final class LedgerSql {

    private LedgerSql() {}

    static final String INSERT_TASK =
            """
            insert into task (id, type, task_type_version, subject_id, idempotency_key, request_hash, input, status, result,
                              failure_reason, tier, policy, experiment_id, arm, simulated, cache_hit, attempt_count, max_rung,
                              cost_usd, latency_ms, mode, trace_id, instance_id, created_at, finished_at, deadline)
            values (?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?)
            on conflict do nothing\
            """;

    static final String INSERT_ATTEMPT =
            """
            insert into attempt (id, task_id, seq, rung, provider, model_requested, model_answered, prompt_version,
                                 prompt_sha256, outcome, detail, input_tokens, cached_input_tokens, output_tokens,
                                 reasoning_tokens, cost_usd, prompt_cost_usd, max_cost_usd, cost_estimated, reservation_id,
                                 latency_ms, provider_request_id, started_at, finished_at, service_tier)
            values (?::uuid, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?)\
            """;

    /**
     * The end of an attempt stored as in flight; {@code started_at} finds its month's partition.
     */
    static final String COMPLETE_ATTEMPT =
            """
            update attempt set model_answered = ?, outcome = ?, detail = ?::jsonb, input_tokens = ?, cached_input_tokens = ?,
                               output_tokens = ?, reasoning_tokens = ?, cost_usd = ?, cost_estimated = ?, latency_ms = ?,
                               provider_request_id = ?, finished_at = ?
             where id = ?::uuid and started_at = ?\
            """;

    /**
     * A task whose call went out as a line of a provider's batch waits outside any instance: no
     * worker claims it (not async) and no recovery ends it (no instance) until its batch ends.
     */
    static final String PARK_TASK =
            "update task set mode = 'batch', instance_id = null where id = ?::uuid";

    /** A batched task taken up by this instance to record how its batch line ended. */
    static final String CLAIM_BATCHED =
            """
            update task set instance_id = ?::uuid
             where id = ?::uuid and mode = 'batch' and status = 'running' and instance_id is null\
            """;

    static final String FINISH_TASK =
            """
            update task set status = ?, result = ?::jsonb, failure_reason = ?, attempt_count = ?, max_rung = ?,
                            cost_usd = ?, latency_ms = ?, trace_id = ?, finished_at = ?, lease_until = null
             where id = ?::uuid\
            """;

    /** An attempt left in flight by an instance that stopped: its prompt's cost, as an estimate. */
    static final String INTERRUPT_ATTEMPT =
            """
            update attempt set outcome = 'interrupted', detail = ?::jsonb, cost_usd = prompt_cost_usd, cost_estimated = true,
                               finished_at = ?, latency_ms = ?
             where id = ?::uuid and started_at = ? and outcome = 'in_flight'\
            """;

    /**
     * A synchronous task left running by an instance that stopped: failed, with totals over its
     * attempts.
     */
    static final String INTERRUPT_TASK =
            """
            update task set status = 'failed', failure_reason = 'interrupted', lease_until = null, finished_at = ?,
                            attempt_count = (select count(*) from attempt a where a.task_id = task.id),
                            max_rung = (select coalesce(max(a.rung), 0) from attempt a where a.task_id = task.id),
                            cost_usd = (select case when bool_or(a.cost_usd is null) then null else coalesce(sum(a.cost_usd), 0) end
                                          from attempt a where a.task_id = task.id)
             where id = ?::uuid and status = 'running'\
            """;

    /**
     * An interrupted task gives its Idempotency-Key back: a retry with the key runs the task anew.
     */
    static final String RELEASE_KEY = "delete from task_idempotency_key where task_id = ?::uuid";

    /**
     * The order statement kinds run in within one transaction: a task before its attempts, an
     * attempt's start before its end, every attempt before the task's end (whose rollup trigger
     * counts them).
     */
    static final List<String> ORDER =
            List.of(
                    INSERT_TASK,
                    PARK_TASK,
                    CLAIM_BATCHED,
                    INSERT_ATTEMPT,
                    COMPLETE_ATTEMPT,
                    INTERRUPT_ATTEMPT,
                    FINISH_TASK,
                    INTERRUPT_TASK,
                    RELEASE_KEY);

    static int rank(String sql) {
        int rank = ORDER.indexOf(sql);
        return rank < 0 ? ORDER.size() : rank;
    }

    /**
     * The task as it stands: running (it claims its Idempotency-Key, or its first attempt starts)
     * or finished.
     */
    static GroupCommit.Row insertTask(TaskRow row) {
        return new GroupCommit.Row(
                INSERT_TASK,
                row.id,
                row.type,
                row.taskTypeVersion,
                row.subjectId,
                row.idempotencyKey,
                row.requestHash,
                row.input,
                row.status.wire(),
                row.result,
                row.failureReason,
                row.tier,
                row.policy,
                row.experimentId,
                row.arm,
                row.simulated,
                row.cacheHit,
                row.attemptCount,
                row.maxRung,
                row.costUsd,
                row.latencyMs,
                row.mode,
                row.traceId,
                row.instanceId,
                timestamp(row.createdAt),
                timestamp(row.finishedAt),
                timestamp(row.deadline));
    }

    static GroupCommit.Row insertAttempt(AttemptRow row) {
        return new GroupCommit.Row(
                INSERT_ATTEMPT,
                row.id,
                row.taskId,
                row.seq,
                row.rung,
                row.provider,
                row.modelRequested,
                row.modelAnswered,
                row.promptVersion,
                row.promptSha256,
                row.outcome,
                row.detail,
                row.inputTokens,
                row.cachedInputTokens,
                row.outputTokens,
                row.reasoningTokens,
                row.costUsd,
                row.promptCostUsd,
                row.maxCostUsd,
                row.costEstimated,
                row.reservationId,
                row.latencyMs,
                row.providerRequestId,
                timestamp(row.startedAt),
                timestamp(row.finishedAt),
                row.serviceTier);
    }

    static GroupCommit.Row completeAttempt(AttemptRow row) {
        return new GroupCommit.Row(
                COMPLETE_ATTEMPT,
                row.modelAnswered,
                row.outcome,
                row.detail,
                row.inputTokens,
                row.cachedInputTokens,
                row.outputTokens,
                row.reasoningTokens,
                row.costUsd,
                row.costEstimated,
                row.latencyMs,
                row.providerRequestId,
                timestamp(row.finishedAt),
                row.id,
                timestamp(row.startedAt));
    }

    /** The outcome of a task whose row was stored before it ended. */
    static GroupCommit.Row finishTask(TaskRow row) {
        return new GroupCommit.Row(
                FINISH_TASK,
                row.status.wire(),
                row.result,
                row.failureReason,
                row.attemptCount,
                row.maxRung,
                row.costUsd,
                row.latencyMs,
                row.traceId,
                timestamp(row.finishedAt),
                row.id);
    }

    /** A timestamptz parameter, whatever the JVM's or the session's time zone. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
