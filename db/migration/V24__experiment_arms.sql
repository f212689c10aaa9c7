-- Experiments with more than two arms: a control and one or more treatments, each with its own policy and share of
-- subjects. experiment.control_policy stays the control's; treatment_policy and treatment_share now describe the
-- first treatment and the treatments' total share, so queries written for two arms still read right for them.
create table experiment_arm (
    experiment_id  uuid          not null references experiment (id),
    arm            text          not null check (arm ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    position       integer       not null check (position >= 0),
    policy         text          not null,
    share          numeric(5,4)  not null check (share > 0 and share < 1),
    paused_at      timestamptz,
    primary key (experiment_id, arm),
    unique (experiment_id, position),
    check ((position = 0) = (arm = 'control'))
);
comment on table experiment_arm is 'an experiment''s arms in assignment order: control first (position 0), then its treatments';
comment on column experiment_arm.share is 'share of subjects assigned to the arm; an experiment''s arms add up to 1';
comment on column experiment_arm.paused_at is 'set when the stop-loss paused this treatment alone: its subjects are served the control policy, outside the experiment, until the experiment is resumed';

insert into experiment_arm (experiment_id, arm, position, policy, share)
select id, 'control', 0, control_policy, 1 - treatment_share from experiment
union all
select id, 'treatment', 1, treatment_policy, treatment_share from experiment;

-- Arm names are no longer only control and treatment.
do $$
declare
    c record;
begin
    for c in select conrelid::regclass as owner, conname
               from pg_constraint
              where contype = 'c' and conislocal
                and conrelid in ('task'::regclass, 'experiment_assignment'::regclass)
                and pg_get_constraintdef(oid) like '%arm%treatment%'
    loop
        execute format('alter table %s drop constraint %I', c.owner, c.conname);
    end loop;
    -- Partitions attached with a constraint of their own keep it after the parent's is gone.
    for c in select conrelid::regclass as owner, conname
               from pg_constraint
              where contype = 'c' and conislocal and coninhcount = 0
                and conrelid in (select relid from pg_partition_tree('task'::regclass) where relid <> 'task'::regclass)
                and pg_get_constraintdef(oid) like '%arm%treatment%'
    loop
        execute format('alter table %s drop constraint %I', c.owner, c.conname);
    end loop;
end $$;
alter table task add constraint task_arm_name check (arm ~ '^[a-z0-9][a-z0-9-]{0,62}$');
alter table experiment_assignment add constraint experiment_assignment_arm_name check (arm ~ '^[a-z0-9][a-z0-9-]{0,62}$');
