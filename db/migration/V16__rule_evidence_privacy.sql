-- A broken rule's evidence quotes the answer (value) and, for a rule that takes its values from the input, the
-- input (message). Like the raw excerpt of the answer, neither is shown to analysts, and both are removed when a
-- subject is erased or a task's retention ends; the rule and where it broke (pointer) stay for the readouts.
create function attempt_detail_without_content(detail jsonb) returns jsonb language sql immutable as $$
    select case when jsonb_typeof(detail->'violations') = 'array'
                then jsonb_set(detail - 'rawExcerpt', '{violations}',
                               (select coalesce(jsonb_agg(v - 'value' - 'message'), '[]'::jsonb)
                                  from jsonb_array_elements(detail->'violations') v))
                else detail - 'rawExcerpt' end
$$;

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
       a.finished_at
  from attempt a
  join task t on t.id = a.task_id;
