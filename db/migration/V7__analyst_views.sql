-- Stable views for analysts, and a read-only role that sees them but not the raw personal data behind them
-- (task inputs and results, subject ids in clear). Column names here are a contract: add, never rename.

create view task_outcomes as
select t.id                                        as task_id,
       t.type                                      as task_type,
       encode(sha256(convert_to(t.subject_id, 'UTF8')), 'hex') as subject_key,
       t.status,
       t.failure_reason,
       t.tier,
       t.policy,
       t.experiment_id,
       t.arm,
       t.mode,
       t.simulated,
       t.cache_hit,
       t.attempt_count,
       t.max_rung,
       coalesce(t.max_rung, 0) > 1                 as escalated,
       t.cost_usd,
       t.latency_ms,
       t.created_at,
       t.finished_at
  from task t;

create view attempts as
select a.id                     as attempt_id,
       a.task_id,
       t.type                   as task_type,
       t.experiment_id,
       t.arm,
       a.seq,
       a.rung,
       a.provider,
       a.model_requested,
       a.model_answered,
       a.prompt_version,
       a.outcome,
       a.detail - 'rawExcerpt'  as detail,
       a.input_tokens,
       a.cached_input_tokens,
       a.output_tokens,
       a.reasoning_tokens,
       a.cost_usd,
       a.latency_ms,
       a.started_at,
       a.finished_at
  from attempt a
  join task t on t.id = a.task_id;

create view experiment_daily as
with per_task as (
    select t.experiment_id, t.arm, (t.created_at at time zone 'UTC')::date as day, t.status, t.cost_usd, t.latency_ms,
           coalesce(t.max_rung, 0) > 1 as escalated,
           (select count(*) from attempt a where a.task_id = t.id) as attempts,
           (select count(*) from attempt a where a.task_id = t.id and a.outcome = 'schema_invalid') as schema_errors
      from task t
     where t.experiment_id is not null and t.status in ('succeeded', 'failed'))
select experiment_id,
       arm,
       day,
       count(*)                                                             as tasks,
       count(*) filter (where status = 'succeeded')                         as successes,
       avg((status = 'succeeded')::int)                                     as pass_rate,
       sum(cost_usd)                                                        as cost_usd,
       sum(cost_usd) / nullif(count(*) filter (where status = 'succeeded'), 0) as cost_per_success_usd,
       percentile_cont(0.95) within group (order by latency_ms)             as p95_latency_ms,
       avg(escalated::int)                                                  as escalation_rate,
       sum(schema_errors)::numeric / nullif(sum(attempts), 0)               as schema_error_rate
  from per_task
 group by experiment_id, arm, day;

create view cost_by_model_day as
select (a.started_at at time zone 'UTC')::date as day,
       a.model_requested                       as model,
       t.type                                  as task_type,
       count(*)                                as attempts,
       sum(a.input_tokens)                     as input_tokens,
       sum(a.cached_input_tokens)              as cached_input_tokens,
       sum(a.output_tokens)                    as output_tokens,
       sum(a.reasoning_tokens)                 as reasoning_tokens,
       sum(a.cost_usd)                         as cost_usd
  from attempt a
  join task t on t.id = a.task_id
 group by 1, 2, 3;

create view escalations as
select a.task_id,
       t.type                     as task_type,
       t.experiment_id,
       t.arm,
       a.rung                     as from_rung,
       a.model_requested          as from_model,
       n.rung                     as to_rung,
       n.model_requested          as to_model,
       a.outcome                  as why,
       a.finished_at              as escalated_at
  from attempt a
  join attempt n on n.task_id = a.task_id and n.seq = a.seq + 1 and n.rung > a.rung
  join task t on t.id = a.task_id;

do $$
begin
    if not exists (select from pg_roles where rolname = 'rung_analyst') then
        create role rung_analyst nologin;
    end if;
end
$$;
grant usage on schema public to rung_analyst;
grant select on task_outcomes, attempts, experiment_daily, cost_by_model_day, escalations,
                model_price, experiment, experiment_event to rung_analyst;
