-- What a check said is only half of a check's quality: the other half is whether the answer it judged was right.
-- A failed check's attempt now keeps the answer it judged (detail.answer; the accepted answer is task.result), so
-- reviewed truth can say which checks caught wrong answers and which escalated right ones. Like the raw excerpt, the
-- answer is personal data: analysts do not see it, and erasure and retention remove it.
create or replace function attempt_detail_without_content(detail jsonb) returns jsonb language sql immutable as $$
    select case when jsonb_typeof(detail->'violations') = 'array'
                then jsonb_set(detail - 'rawExcerpt' - 'answer', '{violations}',
                               (select coalesce(jsonb_agg(v - 'value' - 'message'), '[]'::jsonb)
                                  from jsonb_array_elements(detail->'violations') v))
                else detail - 'rawExcerpt' - 'answer' end
$$;

-- In simulation the simulator knows every input's true answer and stands in for the reviewers.
alter table feedback drop constraint feedback_source_check;
alter table feedback add constraint feedback_source_check check (source in ('api', 'hubspot', 'zendesk', 'simulator'));
comment on column feedback.source is 'api: POST /v1/tasks/{id}/feedback; hubspot, zendesk: a person changed what Rung wrote; simulator: the built-in simulator''s true answer for a simulated task';

