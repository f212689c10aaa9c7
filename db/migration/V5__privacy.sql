-- Raw inputs and outputs are kept for a retention period, then purged; cost and outcome columns stay.
alter table task add column input_purged_at timestamptz;
comment on column task.input_purged_at is 'when input and result were purged (retention) or erased (subject request)';

-- Served query: the retention job finds unpurged tasks older than the retention period.
create index task_unpurged_by_age on task (created_at) where input_purged_at is null;
-- Served query: erasure finds a subject's tasks.
create index task_by_subject on task (subject_id);
