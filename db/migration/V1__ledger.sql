-- Rung's ledger: every task, every attempt, and the prices they were charged at.
-- Money is numeric, never floating point. Times are timestamptz (UTC).

create table model_price (
    model                     text          not null,
    input_per_million         numeric(12,6) not null check (input_per_million >= 0),
    cached_input_per_million  numeric(12,6) not null check (cached_input_per_million >= 0),
    output_per_million        numeric(12,6) not null check (output_per_million >= 0),
    effective_from            timestamptz   not null,
    primary key (model, effective_from)
);

comment on table model_price is 'USD per 1M tokens; the row with the latest effective_from not after an attempt''s start prices it.';

insert into model_price (model, input_per_million, cached_input_per_million, output_per_million, effective_from) values
    ('gpt-5.4',      2.50, 0.25,  15.00, '2026-03-17T00:00:00Z'),
    ('gpt-5.4-mini', 0.75, 0.075,  4.50, '2026-03-17T00:00:00Z'),
    ('gpt-5.4-nano', 0.20, 0.02,   1.25, '2026-03-17T00:00:00Z');

create table task (
    id               uuid          primary key,
    type             text          not null,
    subject_id       text          not null,
    idempotency_key  text,
    request_hash     char(64)      not null,
    input            jsonb         not null,
    status           text          not null check (status in ('running', 'succeeded', 'failed')),
    result           jsonb,
    failure_reason   text,
    tier             text          not null check (tier in ('A', 'B')),
    policy           text          not null,
    experiment_id    uuid,
    arm              text          check (arm in ('control', 'treatment')),
    simulated        boolean       not null,
    attempt_count    integer       not null default 0,
    cost_usd         numeric(18,9),
    latency_ms       bigint,
    created_at       timestamptz   not null,
    finished_at      timestamptz
);

comment on column task.simulated is 'true when the answers came from Rung''s built-in simulator, not a real model';
comment on column task.cost_usd is 'sum of the attempts'' costs; NULL when any attempt had no known price';

-- Served query: the Idempotency-Key lookup. One task per key.
create unique index task_idempotency_key_uq on task (idempotency_key) where idempotency_key is not null;

create table attempt (
    id                   uuid          primary key,
    task_id              uuid          not null references task (id),
    seq                  integer       not null,
    rung                 integer       not null,
    provider             text          not null,
    model_requested      text          not null,
    model_answered       text,
    prompt_version       text          not null,
    prompt_sha256        char(64)      not null,
    outcome              text          not null,
    detail               jsonb         not null default '{}',
    input_tokens         integer       not null default 0,
    cached_input_tokens  integer       not null default 0,
    output_tokens        integer       not null default 0,
    reasoning_tokens     integer       not null default 0,
    cost_usd             numeric(18,9),
    latency_ms           bigint        not null,
    provider_request_id  text,
    started_at           timestamptz   not null,
    finished_at          timestamptz   not null,
    -- Served query: a task's attempts in order (also the index for the foreign key).
    unique (task_id, seq)
);

comment on column attempt.outcome is 'pass, schema_invalid, missing_fields, rule_failed, low_confidence, refusal, truncated, rate_limited, quota_exhausted, provider_error, timeout, bad_request, auth_error';
comment on column attempt.cached_input_tokens is 'part of input_tokens, billed at the cached price';
comment on column attempt.reasoning_tokens is 'part of output_tokens, billed at the output price';
comment on column attempt.cost_usd is 'NULL when no model_price row covered the model at started_at';
