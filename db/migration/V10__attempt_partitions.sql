-- attempt, the largest table, partitioned by the month of started_at: a time-bounded scan (spend by day, an
-- analyst's month) reads only its months, and an old month can be detached or archived as one table.
--
-- PostgreSQL wants the partition key in every unique constraint, so the primary key becomes (id, started_at) and
-- (task_id, seq) is unique per month; Rung writes a task's attempts in order from the one place that runs it.
-- Partitions are created months ahead (attempt_partitions_ahead, called at start-up and daily by the service);
-- attempt_default catches anything outside them, so no write is ever refused for want of a partition.

-- The analyst views read attempt: keep their definitions, drop them, and recreate them on the new table below.
create temporary table saved_view on commit drop as
select c.relname as name, pg_get_viewdef(c.oid) as definition
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = current_schema() and c.relkind = 'v'
   and c.relname in ('attempts', 'experiment_daily', 'cost_by_model_day', 'escalations');
drop view attempts, experiment_daily, cost_by_model_day, escalations;

alter table attempt rename to attempt_unpartitioned;
drop trigger attempt_prompt_pinned on attempt_unpartitioned;

create table attempt (like attempt_unpartitioned including defaults including comments) partition by range (started_at);
alter table attempt add primary key (id, started_at);
-- Served query: a task's attempts in order (also the index for the foreign key).
alter table attempt add constraint attempt_task_seq_uq unique (task_id, seq, started_at);
alter table attempt add constraint attempt_task_fk foreign key (task_id) references task (id);
create table attempt_default partition of attempt default;

create trigger attempt_prompt_pinned before insert on attempt
    for each row execute function attempt_matches_experiment_prompt();

create function attempt_partition_for(p_month date) returns void language plpgsql as $$
declare
    v_from date := date_trunc('month', p_month)::date;
    v_name text := 'attempt_' || to_char(v_from, 'YYYY_MM');
begin
    if to_regclass(v_name) is null then
        execute format('create table %I partition of attempt for values from (%L) to (%L)', v_name,
                       (v_from::timestamp at time zone 'UTC'), ((v_from + interval '1 month')::timestamp at time zone 'UTC'));
    end if;
end $$;

create function attempt_partitions_ahead(p_months int) returns void language plpgsql as $$
begin
    for i in 0..p_months loop
        perform attempt_partition_for(((now() at time zone 'UTC')::date + make_interval(months => i))::date);
    end loop;
end $$;

select attempt_partition_for(month)
  from (select distinct (started_at at time zone 'UTC')::date as month from attempt_unpartitioned) months;
select attempt_partitions_ahead(3);

insert into attempt select * from attempt_unpartitioned;
drop table attempt_unpartitioned;

do $$
declare
    v record;
begin
    for v in select name, definition from saved_view loop
        execute format('create view %I as %s', v.name, v.definition);
    end loop;
end $$;
grant select on attempts, experiment_daily, cost_by_model_day, escalations to rung_analyst;
