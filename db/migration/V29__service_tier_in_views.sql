-- The analysts' views show the service tier an attempt was sent on and priced from (V27), after the columns they had.
create or replace view attempts as
select a.id                                      as attempt_id,
       a.task_id,
       t.type                                    as task_type,
       t.experiment_id,
       t.arm,
       a.seq,
       a.rung,
       a.provider,
       a.model_requested,
       a.model_answered,
       a.prompt_version,
       a.outcome,
       attempt_detail_without_content(a.detail)  as detail,
       a.input_tokens,
       a.cached_input_tokens,
       a.output_tokens,
       a.reasoning_tokens,
       a.cost_usd,
       a.latency_ms,
       a.started_at,
       a.finished_at,
       a.service_tier
  from attempt a
  join task t on t.id = a.task_id;

create or replace view cost_by_model_day as
select (a.started_at at time zone 'UTC')::date as day,
       a.model_requested                       as model,
       t.type                                  as task_type,
       count(*)                                as attempts,
       sum(a.input_tokens)                     as input_tokens,
       sum(a.cached_input_tokens)              as cached_input_tokens,
       sum(a.output_tokens)                    as output_tokens,
       sum(a.reasoning_tokens)                 as reasoning_tokens,
       sum(a.cost_usd)                         as cost_usd,
       a.service_tier
  from attempt a
  join task t on t.id = a.task_id
 group by 1, 2, 3, a.service_tier;
