-- Experiments between routing policies, their sticky assignments, state changes, and ground truth.

create table experiment (
    id                    uuid          primary key,
    name                  text          not null,
    task_type             text          not null,
    control_policy        text          not null,
    treatment_policy      text          not null,
    treatment_share       numeric(5,4)  not null check (treatment_share > 0 and treatment_share < 1),
    seed                  text          not null,
    status                text          not null check (status in ('draft', 'running', 'paused', 'stopped')),
    prompt_version        text,
    prompt_sha256         char(64),
    time_zone             text          not null default 'UTC',
    pass_rate_margin      numeric(6,5)  not null,
    consecutive_periods   integer       not null check (consecutive_periods >= 1),
    escalation_ceiling    numeric(6,5)  not null,
    min_sample_per_arm    integer       not null check (min_sample_per_arm >= 1),
    period_seconds        bigint        not null check (period_seconds >= 1),
    alpha                 numeric(6,5)  not null check (alpha > 0 and alpha < 1),
    last_evaluated_period bigint        not null default -1,
    created_at            timestamptz   not null,
    started_at            timestamptz,
    stopped_at            timestamptz
);

comment on column experiment.status is 'paused: the treatment is paused and all traffic of the task type goes to the control policy';
comment on column experiment.prompt_sha256 is 'pinned at start: every attempt of the experiment''s tasks must carry it';

-- At most one experiment per task type is live (running or paused).
create unique index experiment_live_per_task_type on experiment (task_type) where status in ('running', 'paused');

create table experiment_event (
    id             bigint        generated always as identity primary key,
    experiment_id  uuid          not null references experiment (id),
    kind           text          not null,
    actor          text          not null,
    reason         text,
    numbers        jsonb         not null default '{}',
    at             timestamptz   not null
);
create index experiment_event_by_experiment on experiment_event (experiment_id, at);

-- Sticky arms: a subject keeps its arm across retries, restarts, replicas and split changes.
create table experiment_assignment (
    experiment_id  uuid          not null references experiment (id),
    subject_id     text          not null,
    arm            text          not null check (arm in ('control', 'treatment')),
    assigned_at    timestamptz   not null,
    primary key (experiment_id, subject_id)
);

-- Readouts aggregate an experiment's tasks; escalation is derived once per task rather than per readout.
alter table task add column max_rung integer;
comment on column task.max_rung is 'highest ladder rung any attempt used (1 = first); > 1 means the task escalated';
create index task_by_experiment on task (experiment_id, arm, created_at) where experiment_id is not null;

-- Identical prompts in both arms: an attempt of an experiment's task with another prompt cannot be stored.
create function attempt_matches_experiment_prompt() returns trigger language plpgsql as $$
declare
    pinned char(64);
begin
    select e.prompt_sha256 into pinned
      from task t join experiment e on e.id = t.experiment_id
     where t.id = new.task_id;
    if pinned is not null and pinned <> new.prompt_sha256 then
        raise exception 'attempt prompt % differs from the experiment''s pinned prompt %', new.prompt_sha256, pinned
            using errcode = 'check_violation';
    end if;
    return new;
end $$;

create trigger attempt_prompt_pinned before insert on attempt
    for each row execute function attempt_matches_experiment_prompt();

-- Ground truth: a reviewer's correct answer for a task, and the tasks sampled for review.
create table feedback (
    task_id     uuid         primary key references task (id),
    correct     jsonb        not null,
    reviewer    text         not null,
    note        text,
    created_at  timestamptz  not null
);

create table review (
    task_id        uuid         primary key references task (id),
    experiment_id  uuid         not null references experiment (id),
    arm            text         not null,
    status         text         not null check (status in ('pending', 'done')),
    created_at     timestamptz  not null
);
create index review_pending on review (created_at) where status = 'pending';
