-- task, like attempt (V10), partitioned by month of creation: an old month can be detached or archived as one
-- table, and a scan of some months reads only those months.
--
-- The partition key is the task's id, not created_at. Task ids are UUIDv7, which begin with the millisecond they
-- were made, and Rung makes a task's id from its created_at, so a range of ids is a range of creation times. Keyed
-- on id, the primary key stays the single column that attempt, feedback, review and webhook_delivery refer to and
-- every lookup uses, and a lookup by id reads one partition. To read only some months, filter on the id:
--     where task_id >= task_id_at('2026-11-01') and task_id < task_id_at('2026-12-01')
--
-- PostgreSQL allows no unique index on a partitioned table without the partition key, so an Idempotency-Key is
-- now claimed in its own table, task_idempotency_key, by a trigger as the task row is inserted. A key another task
-- holds leaves the row out (0 rows inserted), as the conflict on the unique index on task did, and concurrent
-- claims of one key wait for each other on that table's primary key.

-- The first UUIDv7 of a moment: ids of tasks created at or after p_at compare greater or equal.
create function task_id_at(p_at timestamptz) returns uuid language sql immutable parallel safe as $$
    select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-0000-0000-000000000000')::uuid
      from (select lpad(to_hex(floor(extract(epoch from p_at) * 1000)::bigint), 12, '0') as h) hex
$$;
comment on function task_id_at(timestamptz) is 'the lowest task id of that moment: filter task ids on it to read only some months';

-- The analyst views read task: keep their definitions, drop them, and recreate them on the new table below.
create temporary table saved_view on commit drop as
select c.relname as name, pg_get_viewdef(c.oid) as definition
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = current_schema() and c.relkind = 'v'
   and c.relname in ('task_outcomes', 'attempts', 'experiment_daily', 'cost_by_model_day', 'escalations');
drop view task_outcomes, attempts, experiment_daily, cost_by_model_day, escalations;

alter table attempt drop constraint attempt_task_fk;
alter table feedback drop constraint feedback_task_id_fkey;
alter table review drop constraint review_task_id_fkey;
alter table webhook_delivery drop constraint webhook_delivery_task_id_fkey;

alter table task rename to task_unpartitioned;
alter index task_pkey rename to task_unpartitioned_pkey;
drop index task_idempotency_key_uq, task_by_experiment, task_async_queue, task_unpurged_by_age, task_by_subject;
drop trigger task_readout_rollup_insert on task_unpartitioned;
drop trigger task_readout_rollup_finish on task_unpartitioned;

create table task (like task_unpartitioned including defaults including constraints including comments)
    partition by range (id);
alter table task add primary key (id);
-- The served queries of V2, V4 and V5, now one index per partition.
create index task_by_experiment on task (experiment_id, arm, created_at) where experiment_id is not null;
create index task_async_queue on task (created_at) where mode = 'async' and status in ('queued', 'running');
create index task_unpurged_by_age on task (created_at) where input_purged_at is null;
create index task_by_subject on task (subject_id);
create table task_default partition of task default;

create table task_idempotency_key (
    idempotency_key  text  primary key,
    -- Deferred: the key is claimed just before its task row is inserted, in the same statement.
    task_id          uuid  not null references task (id) deferrable initially deferred
);
comment on table task_idempotency_key is 'one task per Idempotency-Key: the task that holds each key';

create function task_claim_idempotency_key() returns trigger language plpgsql as $$
begin
    insert into task_idempotency_key (idempotency_key, task_id) values (new.idempotency_key, new.id)
    on conflict do nothing;
    if not found then
        return null;
    end if;
    return new;
end $$;

create trigger task_idempotency_key_claim before insert on task for each row
    when (new.idempotency_key is not null)
    execute function task_claim_idempotency_key();

create function task_partition_for(p_month date) returns void language plpgsql as $$
declare
    v_from date := date_trunc('month', p_month)::date;
    v_name text := 'task_' || to_char(v_from, 'YYYY_MM');
begin
    if to_regclass(v_name) is null then
        execute format('create table %I partition of task for values from (%L) to (%L)', v_name,
                       task_id_at(v_from::timestamp at time zone 'UTC'),
                       task_id_at((v_from + interval '1 month')::timestamp at time zone 'UTC'));
    end if;
end $$;

create function task_partitions_ahead(p_months int) returns void language plpgsql as $$
begin
    for i in 0..p_months loop
        perform task_partition_for(((now() at time zone 'UTC')::date + make_interval(months => i))::date);
    end loop;
end $$;

-- A month for every month an existing (version 7) id was made in; anything else lands in task_default.
select task_partition_for(month)
  from (select distinct (to_timestamp(('x' || lpad(replace(left(id::text, 13), '-', ''), 16, '0'))::bit(64)::bigint
                                      / 1000.0) at time zone 'UTC')::date as month
          from task_unpartitioned where substr(id::text, 15, 1) = '7') months;
select task_partitions_ahead(3);

-- The claim trigger stores the keys of the copied tasks; the rollup triggers come after the copy, which the
-- rollups already count.
insert into task select * from task_unpartitioned;
drop table task_unpartitioned;

create trigger task_readout_rollup_finish after update of status on task for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed')
          and old.status not in ('succeeded', 'failed'))
    execute function readout_rollup_task();

create constraint trigger task_readout_rollup_insert after insert on task
    deferrable initially deferred
    for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed'))
    execute function readout_rollup_task();

alter table attempt add constraint attempt_task_fk foreign key (task_id) references task (id);
alter table feedback add constraint feedback_task_id_fkey foreign key (task_id) references task (id);
alter table review add constraint review_task_id_fkey foreign key (task_id) references task (id);
alter table webhook_delivery add constraint webhook_delivery_task_id_fkey foreign key (task_id) references task (id);

do $$
declare
    v record;
begin
    for v in select name, definition from saved_view loop
        execute format('create view %I as %s', v.name, v.definition);
    end loop;
end $$;
grant select on task_outcomes, attempts, experiment_daily, cost_by_model_day, escalations to rung_analyst;
