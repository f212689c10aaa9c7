package dev.rung.ledger.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The ledger's group-committed statements (see {@link GroupCommit}); parameters in the order given here. */
final class LedgerSql {

    private LedgerSql() {
    }

    static final String INSERT_TASK = """
            insert into task (id, type, subject_id, idempotency_key, request_hash, input, status, result, tier, policy,
                              experiment_id, arm, simulated, cache_hit, max_rung, cost_usd, latency_ms, mode, created_at,
                              finished_at)
            values (?::uuid, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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

    /** A timestamptz parameter, whatever the JVM's or the session's time zone. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
