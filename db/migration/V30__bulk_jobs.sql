-- Bulk jobs: NDJSON or CSV of inputs for one task type, run through the provider's Batch API at half price. Each
-- input is a task of the ledger like any other (task.mode = 'batch' while it waits on its batch); its batch line is
-- an attempt stored in flight before the batch is uploaded and priced from the batch tier when it comes back. An
-- answer that fails a check goes on up the usual synchronous ladder.
create table bulk_job (
    id                 uuid         primary key,
    task_type          text         not null,
    task_type_version  integer      not null,
    tier               text         not null,
    policy             text         not null,
    input_format       text         not null check (input_format in ('ndjson', 'csv')),
    write_back         text,
    status             text         not null check (status in ('preparing', 'waiting', 'cancelling', 'completed', 'cancelled')),
    total              integer      not null check (total >= 1),
    simulated          boolean      not null,
    created_by         text         not null,
    created_at         timestamptz  not null,
    finished_at        timestamptz,
    lease_until        timestamptz
);
comment on table bulk_job is 'bulk jobs (POST /v1/jobs/{type}): inputs answered through the provider''s Batch API';
comment on column bulk_job.write_back is 'the webhook source whose write-back delivers each result to the record its line names; null: none';
comment on column bulk_job.lease_until is 'the instance driving the job holds it until then; another takes over after';
create index bulk_job_open on bulk_job (created_at) where status in ('preparing', 'waiting', 'cancelling');

create table bulk_job_batch (
    id             text         primary key,
    job_id         uuid         not null references bulk_job (id),
    input_file_id  text         not null,
    lines          integer      not null,
    status         text         not null,
    completed      integer      not null default 0,
    failed         integer      not null default 0,
    failure        text,
    submitted_at   timestamptz  not null,
    ended_at       timestamptz
);
comment on table bulk_job_batch is 'the provider''s batches of a job: a job resubmits what an expired batch left in a new one';
comment on column bulk_job_batch.status is 'as the provider last reported it: validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled';
create index bulk_job_batch_by_job on bulk_job_batch (job_id);

create table bulk_job_item (
    job_id          uuid         not null references bulk_job (id),
    line            integer      not null check (line >= 1),
    subject_id      text,
    input           jsonb,
    record_id       text,
    task_id         uuid,
    attempt_id      uuid,
    attempt_seq     integer,
    reservation_id  uuid,
    model           text,
    batch_id        text         references bulk_job_batch (id),
    state           text         not null check (state in ('pending', 'waiting', 'done')),
    task_created_at timestamptz,
    primary key (job_id, line)
);
comment on table bulk_job_item is 'one input of a job: pending (no task yet), waiting (its batch line in flight), done (its task ended)';
comment on column bulk_job_item.input is 'the input as validated, until its task holds it (then null); erasure blanks it'; 
comment on column bulk_job_item.attempt_id is 'the in-flight attempt of its current batch line';
create index bulk_job_item_waiting on bulk_job_item (job_id, batch_id) where state = 'waiting';
create unique index bulk_job_item_task on bulk_job_item (task_id);

-- A task of a bulk job runs in mode 'batch': its batch line is in flight at the provider, no worker takes it and no
-- instance's recovery ends it until its batch ends and an instance takes it up.
alter table task drop constraint task_mode_check;
alter table task add constraint task_mode_check check (mode in ('sync', 'async', 'batch'));
comment on column task.mode is 'sync: a caller waits; async: queued for a worker; batch: a bulk job''s task, its first rung a Batch API line';
