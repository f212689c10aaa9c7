-- A replay runs a candidate policy over the inputs of tasks already served, to learn before any live traffic what
-- the policy would have cost and whether it would have agreed. Its calls are real calls, so its tasks are ordinary
-- tasks in the ledger (with their attempts and costs); replay_task ties each to the task it replays.
create table replay (
    id              uuid           primary key,
    task_type       text           not null,
    policy          text           not null,
    window_from     timestamptz    not null,
    window_to       timestamptz    not null,
    source          text,
    tier            text           check (tier in ('A', 'B')),
    spend_cap_usd   numeric(18,9)  not null check (spend_cap_usd > 0),
    status          text           not null check (status in ('running', 'completed', 'cancelled', 'capped', 'failed')),
    candidates      integer        not null,
    processed       integer        not null default 0,
    skipped_erased  integer        not null default 0,
    spent_usd       numeric(18,9)  not null default 0,
    instance_id     uuid,
    created_by      text           not null,
    created_at      timestamptz    not null,
    finished_at     timestamptz,
    error           text
);
comment on table replay is 'a candidate policy run over stored task inputs of a window (POST /v1/replays)';
comment on column replay.source is 'only tasks from this source: api, or a webhook source (hubspot, zendesk, ...); null for all';
comment on column replay.skipped_erased is 'tasks of the window whose input was erased or purged: not replayed';
comment on column replay.instance_id is 'the instance running it (rung_instance.id): when that instance is gone, the replay fails as interrupted';
comment on column replay.status is 'capped: stopped at the spend cap; cancelled: stopped by a person; failed: stopped by an error (error)';

create table replay_task (
    replay_id       uuid  not null references replay (id),
    served_task_id  uuid  not null,
    task_id         uuid  not null,
    primary key (replay_id, served_task_id)
);
comment on table replay_task is 'the task a replay ran (task_id) for a task served before (served_task_id)';
create index replay_task_by_task on replay_task (task_id);
