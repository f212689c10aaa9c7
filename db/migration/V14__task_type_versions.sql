-- Task types as data: every version of every definition (a YAML file shipped with Rung, or POST /v1/task-types).
-- A version never changes once stored; a changed definition is a new version, and the highest is the current one.
create table task_type_version (
    slug            text         not null,
    version         integer      not null check (version >= 1),
    definition      json         not null,
    content_sha256  char(64)     not null,
    prompt_version  text         not null,
    prompt_sha256   char(64)     not null,
    source          text         not null check (source in ('shipped', 'api')),
    created_by      text         not null,
    created_at      timestamptz  not null,
    primary key (slug, version)
);

comment on table task_type_version is 'every version of every task type definition; the highest version of a slug is current';
comment on column task_type_version.definition is 'the definition as written: input and output schemas, rules, confidence, prompt, tiers (json, not jsonb: the order of its keys is part of what the model is sent)';
comment on column task_type_version.content_sha256 is 'SHA-256 of the definition: equal content is never stored as a second version';
comment on column task_type_version.source is 'shipped: loaded from a task-types file at start-up; api: created with POST /v1/task-types';

create function task_type_version_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'task type % version % is immutable: store a new version instead', old.slug, old.version
        using errcode = 'check_violation';
end $$;

create trigger task_type_version_immutable before update on task_type_version
    for each row execute function task_type_version_immutable();

alter table task add column task_type_version integer;
comment on column task.task_type_version is 'the version of the task type (task_type_version.version) the task ran on; null for tasks stored before versions existed';

alter table experiment add column task_type_version integer;
comment on column experiment.task_type_version is 'pinned at start: the experiment takes only tasks of this version of its task type';

-- task.input held the whole request ({subjectId, lead, stakes}); it now holds the input alone. Async tasks still
-- waiting for a worker are moved to the new shape so the workers can run them; finished tasks keep their rows as
-- they were (docs/analytics.md).
update task set input = input->'lead'
 where mode = 'async' and status in ('queued', 'running') and type = 'lead-classification' and input ? 'lead';
update task set input = input->'ticket'
 where mode = 'async' and status in ('queued', 'running') and type = 'ticket-tagging' and input ? 'ticket';
update task set input = input->'form'
 where mode = 'async' and status in ('queued', 'running') and type = 'field-extraction' and input ? 'form';
