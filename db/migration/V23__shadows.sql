-- A shadow is a replay of live traffic: a sampled share of the tasks served from now on is rerun on the candidate
-- policy after its answer is served, until cancelled or capped. It has no window.
alter table replay add column mode text not null default 'window' check (mode in ('window', 'shadow'));
alter table replay add column share numeric(6,5) check (share > 0 and share <= 1);
alter table replay alter column window_from drop not null;
alter table replay alter column window_to drop not null;
alter table replay add constraint replay_mode_fields check (
    (mode = 'window' and window_from is not null and window_to is not null and share is null)
    or (mode = 'shadow' and window_from is null and window_to is null and share is not null));
comment on column replay.mode is 'window: the served tasks of a past window; shadow: a share of the tasks served from now on';
comment on column replay.share is 'shadow: the share of served tasks rerun on the candidate policy';
create index replay_live_shadows on replay (task_type) where mode = 'shadow' and status = 'running';
