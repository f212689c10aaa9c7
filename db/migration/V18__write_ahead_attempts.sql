-- A call that leaves Rung is paid for, so its attempt is stored before it leaves: as in flight, with the prompt's
-- tokens and what the prompt alone costs, and the budget reservation it holds. When the call ends the attempt is
-- completed. An instance that dies leaves in-flight attempts and running tasks behind; another instance (or the same
-- one when it starts again) finds them by the instance's heartbeat and ends them as interrupted.
alter table attempt alter column latency_ms drop not null;
alter table attempt alter column finished_at drop not null;
alter table attempt add column prompt_cost_usd numeric(18,9);
alter table attempt add column max_cost_usd numeric(18,9);
alter table attempt add column cost_estimated boolean not null default false;
alter table attempt add column reservation_id uuid;
comment on column attempt.prompt_cost_usd is 'what the prompt alone costs (every token uncached): the cost of an interrupted attempt';
comment on column attempt.max_cost_usd is 'the most the call can cost (the prompt uncached and the whole output allowance): what its budget reservation holds while it is in flight';
comment on column attempt.cost_estimated is 'true when cost_usd is an estimate: the attempt was interrupted and its usage never came back';
comment on column attempt.reservation_id is 'the budget reservation the call held (budget_reservation), released if it is interrupted';
comment on column attempt.outcome is 'in_flight while its call runs; then pass, schema_invalid, missing_fields, rule_failed, low_confidence, refusal, truncated, rate_limited, quota_exhausted, provider_error, timeout, bad_request, auth_error, throttled, circuit_open, budget_exhausted, or interrupted';
-- Served query: the attempts an instance left in flight (few at any time).
create index attempt_in_flight on attempt (task_id) where outcome = 'in_flight';

alter table task add column instance_id uuid;
comment on column task.instance_id is 'the instance running the task (rung_instance.id) while it is running';
-- Served query: the tasks a dead instance left running.
create index task_running_by_instance on task (instance_id) where status = 'running';

create table rung_instance (
    id            uuid         primary key,
    name          text         not null,
    started_at    timestamptz  not null,
    heartbeat_at  timestamptz  not null
);
comment on table rung_instance is 'running Rung instances and their heartbeats: one that stops beating is recovered';
comment on column rung_instance.name is 'rung.instance.name (the host name by default): a restart under the same name recovers at once';

-- A call's budget reservation, until it is settled (its actual cost) or released (its task was interrupted): once.
create table budget_reservation (
    id          uuid           primary key,
    scopes      text[]         not null,
    day         date           not null,
    amount      numeric(18,9)  not null,
    created_at  timestamptz    not null
);
