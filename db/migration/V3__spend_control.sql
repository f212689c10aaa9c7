-- Spend and throughput control shared by every replica: daily budgets reserved atomically, client-side
-- rate-limit windows per model, and the response cache.

-- One row per budget scope and UTC day. A call reserves its estimated cost before it starts and settles
-- the actual cost after; spent + reserved never exceeds the cap (except the cheapest rung under the
-- cheapest-rung action, which is allowed to continue).
create table budget_day (
    scope         text          not null,
    day           date          not null,
    cap_usd       numeric(18,9) not null check (cap_usd >= 0),
    spent_usd     numeric(18,9) not null default 0,
    reserved_usd  numeric(18,9) not null default 0 check (reserved_usd >= 0),
    primary key (scope, day)
);
comment on table budget_day is 'scope: global, task-type:<slug>, arm:<experiment id>:<arm>';

-- Requests and tokens a model key used in one minute window, across replicas.
create table rate_window (
    limiter       text          not null,
    window_start  timestamptz   not null,
    requests      integer       not null default 0,
    tokens        bigint        not null default 0,
    primary key (limiter, window_start)
);

-- Answers reused for the same task type, prompt version, policy and normalised input.
create table response_cache (
    cache_key       char(64)      primary key,
    task_type       text          not null,
    result          jsonb         not null,
    source_task_id  uuid          not null,
    created_at      timestamptz   not null,
    expires_at      timestamptz   not null
);
create index response_cache_expiry on response_cache (expires_at);

alter table task add column cache_hit boolean not null default false;
comment on column task.cache_hit is 'answered from the response cache: no model call, cost 0';
