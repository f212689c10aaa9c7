-- Readouts break rule_failed attempts down by the named rule that failed (attempt.detail->'violations'[*].rule),
-- kept as tasks finish like the other rollups: per experiment, arm, scope and day ('-infinity' for the whole
-- experiment). An attempt that broke two rules counts once for each.
create table readout_rule (
    experiment_id  uuid     not null,
    arm            text     not null,
    scope          text     not null check (scope in ('all', 'nocache')),
    day            date     not null,
    rule           text     not null,
    attempts       bigint   not null,
    primary key (experiment_id, arm, scope, day, rule)
);
comment on table readout_rule is 'rule_failed attempts per named rule of the task type';

-- The rules one task's attempts broke, each counted once per attempt.
create function readout_rules_of(p_task uuid) returns table (rule text, attempts bigint) language sql stable as $$
    select v.rule, count(distinct a.id)
      from attempt a
     cross join lateral (select value->>'rule' as rule from jsonb_array_elements(a.detail->'violations')) v
     where a.task_id = p_task and a.outcome = 'rule_failed' and jsonb_typeof(a.detail->'violations') = 'array'
     group by v.rule
$$;

create function readout_rule_task() returns trigger language plpgsql as $$
declare
    v_day date;
    v_scope text;
    v_period date;
begin
    if not exists (select 1 from attempt where task_id = new.id and outcome = 'rule_failed') then
        return null;
    end if;
    select (new.created_at at time zone coalesce(e.time_zone, 'UTC'))::date into v_day
      from experiment e where e.id = new.experiment_id;
    foreach v_scope in array case when new.cache_hit then array['all'] else array['all', 'nocache'] end loop
        foreach v_period in array array['-infinity'::date, v_day] loop
            insert into readout_rule as r (experiment_id, arm, scope, day, rule, attempts)
            select new.experiment_id, new.arm, v_scope, v_period, f.rule, f.attempts from readout_rules_of(new.id) f
            on conflict (experiment_id, arm, scope, day, rule) do update set attempts = r.attempts + excluded.attempts;
        end loop;
    end loop;
    return null;
end $$;

create trigger task_readout_rule_finish after update of status on task for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed')
          and old.status not in ('succeeded', 'failed'))
    execute function readout_rule_task();

create constraint trigger task_readout_rule_insert after insert on task
    deferrable initially deferred
    for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed'))
    execute function readout_rule_task();

-- The full recomputation rebuilds the rule counts too: the counts of V9 under a new name, then the rules.
alter function readout_rollup_rebuild(uuid) rename to readout_rollup_rebuild_counts;

create function readout_rollup_rebuild(p_experiment uuid) returns void language plpgsql as $$
begin
    perform readout_rollup_rebuild_counts(p_experiment);
    delete from readout_rule where experiment_id = p_experiment;
    insert into readout_rule (experiment_id, arm, scope, day, rule, attempts)
    select p_experiment, t.arm, s.scope, d.day, f.rule, sum(f.attempts)
      from task t
      join experiment e on e.id = t.experiment_id
     cross join lateral readout_rules_of(t.id) f
     cross join lateral (values ('all'), ('nocache')) s (scope)
     cross join lateral (values ('-infinity'::date), ((t.created_at at time zone e.time_zone)::date)) d (day)
     where t.experiment_id = p_experiment and t.status in ('succeeded', 'failed') and (s.scope = 'all' or not t.cache_hit)
     group by t.arm, s.scope, d.day, f.rule;
end $$;

grant select on readout_rule to rung_analyst;
