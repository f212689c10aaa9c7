-- Readout rollups: what GET /v1/experiments/{id}/readout needs, kept up to date as tasks finish, so a readout
-- reads a few hundred rows instead of scanning millions of tasks and attempts.
--
-- Every table is keyed by experiment, arm, scope and day:
--   scope 'all' counts every finished task, 'nocache' leaves out response-cache hits (excludeCacheHits=true);
--   day is the task's creation day in the experiment's time zone, and '-infinity' holds the whole experiment.
-- A trigger on task adds each task once, when it first becomes succeeded or failed. readout_rollup_rebuild(id)
-- recomputes an experiment's rollups from the task and attempt rows; the tests check the two agree.

create table readout_subject (
    experiment_id  uuid     not null,
    arm            text     not null,
    scope          text     not null check (scope in ('all', 'nocache')),
    day            date     not null,
    subject_id     text     not null,
    tasks          bigint   not null,
    successes      bigint   not null,
    cost           numeric  not null,
    primary key (experiment_id, arm, scope, day, subject_id)
);
comment on table readout_subject is 'per subject: finished tasks, successes and cost (the delta method needs them per subject)';

create table readout_rollup (
    experiment_id            uuid     not null,
    arm                      text     not null,
    scope                    text     not null check (scope in ('all', 'nocache')),
    day                      date     not null,
    subjects                 bigint   not null default 0,
    tasks                    bigint   not null default 0,
    successes                bigint   not null default 0,
    cost                     numeric  not null default 0,
    escalated                bigint   not null default 0,
    cache_hits               bigint   not null default 0,
    attempts                 bigint   not null default 0,
    schema_errors            bigint   not null default 0,
    provider_errors          bigint   not null default 0,
    input_tokens             bigint   not null default 0,
    cached_tokens            bigint   not null default 0,
    -- Sums over subjects of their tasks t, successes s and cost c: sum t^2, s^2, s*t, c^2, c*s.
    subject_tasks_sq         numeric  not null default 0,
    subject_successes_sq     numeric  not null default 0,
    subject_successes_tasks  numeric  not null default 0,
    subject_cost_sq          numeric  not null default 0,
    subject_cost_successes   numeric  not null default 0,
    primary key (experiment_id, arm, scope, day)
);

create table readout_latency (
    experiment_id  uuid    not null,
    arm            text    not null,
    scope          text    not null check (scope in ('all', 'nocache')),
    day            date    not null,
    latency_ms     bigint  not null,
    tasks          bigint  not null,
    primary key (experiment_id, arm, scope, day, latency_ms)
);
comment on table readout_latency is 'how many finished tasks took each latency: exact percentiles without scanning tasks';

-- One finished task into one (scope, day) of the rollups. The subject's sums before this task come back from
-- the upsert, so the sums of squares move by exactly this task's share: (t+1)^2 - t^2 and so on.
create function readout_rollup_add(p_experiment uuid, p_arm text, p_scope text, p_day date, p_subject text,
        p_success int, p_cost numeric, p_escalated boolean, p_cache_hit boolean, p_latency bigint,
        p_attempts bigint, p_schema_errors bigint, p_provider_errors bigint, p_input bigint, p_cached bigint)
returns void language plpgsql as $$
declare
    t1 bigint; s1 bigint; c1 numeric;
    t0 bigint; s0 bigint; c0 numeric;
begin
    insert into readout_subject as r (experiment_id, arm, scope, day, subject_id, tasks, successes, cost)
    values (p_experiment, p_arm, p_scope, p_day, p_subject, 1, p_success, p_cost)
    on conflict (experiment_id, arm, scope, day, subject_id) do update
        set tasks = r.tasks + 1, successes = r.successes + excluded.successes, cost = r.cost + excluded.cost
    returning tasks, successes, cost into t1, s1, c1;
    t0 := t1 - 1; s0 := s1 - p_success; c0 := c1 - p_cost;

    insert into readout_rollup as r (experiment_id, arm, scope, day, subjects, tasks, successes, cost, escalated,
            cache_hits, attempts, schema_errors, provider_errors, input_tokens, cached_tokens, subject_tasks_sq,
            subject_successes_sq, subject_successes_tasks, subject_cost_sq, subject_cost_successes)
    values (p_experiment, p_arm, p_scope, p_day, (t0 = 0)::int, 1, p_success, p_cost, p_escalated::int,
            p_cache_hit::int, p_attempts, p_schema_errors, p_provider_errors, p_input, p_cached,
            t1 * t1 - t0 * t0, s1 * s1 - s0 * s0, s1 * t1 - s0 * t0, c1 * c1 - c0 * c0, c1 * s1 - c0 * s0)
    on conflict (experiment_id, arm, scope, day) do update set
        subjects = r.subjects + excluded.subjects, tasks = r.tasks + 1, successes = r.successes + excluded.successes,
        cost = r.cost + excluded.cost, escalated = r.escalated + excluded.escalated,
        cache_hits = r.cache_hits + excluded.cache_hits, attempts = r.attempts + excluded.attempts,
        schema_errors = r.schema_errors + excluded.schema_errors,
        provider_errors = r.provider_errors + excluded.provider_errors,
        input_tokens = r.input_tokens + excluded.input_tokens, cached_tokens = r.cached_tokens + excluded.cached_tokens,
        subject_tasks_sq = r.subject_tasks_sq + excluded.subject_tasks_sq,
        subject_successes_sq = r.subject_successes_sq + excluded.subject_successes_sq,
        subject_successes_tasks = r.subject_successes_tasks + excluded.subject_successes_tasks,
        subject_cost_sq = r.subject_cost_sq + excluded.subject_cost_sq,
        subject_cost_successes = r.subject_cost_successes + excluded.subject_cost_successes;

    if p_latency is not null then
        insert into readout_latency as r (experiment_id, arm, scope, day, latency_ms, tasks)
        values (p_experiment, p_arm, p_scope, p_day, p_latency, 1)
        on conflict (experiment_id, arm, scope, day, latency_ms) do update set tasks = r.tasks + 1;
    end if;
end $$;

-- The attempt outcomes the readout counts as provider errors.
create function readout_provider_error(outcome text) returns boolean language sql immutable as $$
    select outcome in ('rate_limited', 'quota_exhausted', 'provider_error', 'timeout', 'bad_request', 'auth_error')
$$;

create function readout_rollup_task() returns trigger language plpgsql as $$
declare
    tz text;
    v_day date;
    v_attempts bigint; v_schema bigint; v_provider bigint; v_input bigint; v_cached bigint;
    v_scope text;
    v_period date;
begin
    select time_zone into tz from experiment where id = new.experiment_id;
    v_day := (new.created_at at time zone coalesce(tz, 'UTC'))::date;
    select count(*), count(*) filter (where outcome = 'schema_invalid'),
           count(*) filter (where readout_provider_error(outcome)),
           coalesce(sum(input_tokens), 0), coalesce(sum(cached_input_tokens), 0)
      into v_attempts, v_schema, v_provider, v_input, v_cached
      from attempt where task_id = new.id;
    foreach v_scope in array case when new.cache_hit then array['all'] else array['all', 'nocache'] end loop
        foreach v_period in array array['-infinity'::date, v_day] loop
            perform readout_rollup_add(new.experiment_id, new.arm, v_scope, v_period, new.subject_id,
                    (new.status = 'succeeded')::int, coalesce(new.cost_usd, 0), coalesce(new.max_rung, 0) > 1,
                    new.cache_hit, new.latency_ms, v_attempts, v_schema, v_provider, v_input, v_cached);
        end loop;
    end loop;
    return null;
end $$;

create trigger task_readout_rollup_insert after insert on task for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed'))
    execute function readout_rollup_task();

create trigger task_readout_rollup_finish after update of status on task for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed')
          and old.status not in ('succeeded', 'failed'))
    execute function readout_rollup_task();

-- The full recomputation: an experiment's rollups rebuilt from its task and attempt rows. One pass over the
-- tasks (with their attempts summed by a hash join), then each scope grouped per day and for the whole experiment.
create function readout_rollup_rebuild(p_experiment uuid) returns void language plpgsql as $$
declare
    v_scope text;
begin
    delete from readout_subject where experiment_id = p_experiment;
    delete from readout_rollup where experiment_id = p_experiment;
    delete from readout_latency where experiment_id = p_experiment;

    create temporary table rebuild_task on commit drop as
    select t.arm, (t.created_at at time zone e.time_zone)::date as day, t.subject_id,
           (t.status = 'succeeded')::int as success, coalesce(t.cost_usd, 0) as cost,
           (coalesce(t.max_rung, 0) > 1)::int as escalated, t.cache_hit, t.latency_ms,
           coalesce(a.attempts, 0) as attempts, coalesce(a.schema_errors, 0) as schema_errors,
           coalesce(a.provider_errors, 0) as provider_errors, coalesce(a.input_tokens, 0) as input_tokens,
           coalesce(a.cached_tokens, 0) as cached_tokens
      from task t
      join experiment e on e.id = t.experiment_id
      left join (select a.task_id, count(*) as attempts, count(*) filter (where a.outcome = 'schema_invalid') as schema_errors,
                        count(*) filter (where readout_provider_error(a.outcome)) as provider_errors,
                        sum(a.input_tokens) as input_tokens, sum(a.cached_input_tokens) as cached_tokens
                   from attempt a join task x on x.id = a.task_id
                  where x.experiment_id = p_experiment
                  group by a.task_id) a on a.task_id = t.id
     where t.experiment_id = p_experiment and t.status in ('succeeded', 'failed');

    foreach v_scope in array array['all', 'nocache'] loop
        insert into readout_subject (experiment_id, arm, scope, day, subject_id, tasks, successes, cost)
        select p_experiment, arm, v_scope, coalesce(day, '-infinity'), subject_id, count(*), sum(success), sum(cost)
          from rebuild_task where v_scope = 'all' or not cache_hit
         group by grouping sets ((arm, day, subject_id), (arm, subject_id));

        insert into readout_rollup (experiment_id, arm, scope, day, subjects, tasks, successes, cost, escalated,
                cache_hits, attempts, schema_errors, provider_errors, input_tokens, cached_tokens, subject_tasks_sq,
                subject_successes_sq, subject_successes_tasks, subject_cost_sq, subject_cost_successes)
        select p_experiment, t.arm, v_scope, t.day, s.subjects, t.tasks, t.successes, t.cost, t.escalated,
               t.cache_hits, t.attempts, t.schema_errors, t.provider_errors, t.input_tokens, t.cached_tokens,
               s.tasks_sq, s.successes_sq, s.successes_tasks, s.cost_sq, s.cost_successes
          from (select arm, coalesce(day, '-infinity') as day, count(*) as tasks, sum(success) as successes,
                       sum(cost) as cost, sum(escalated) as escalated, count(*) filter (where cache_hit) as cache_hits,
                       sum(attempts) as attempts, sum(schema_errors) as schema_errors,
                       sum(provider_errors) as provider_errors, sum(input_tokens) as input_tokens,
                       sum(cached_tokens) as cached_tokens
                  from rebuild_task where v_scope = 'all' or not cache_hit
                 group by grouping sets ((arm, day), (arm))) t
          join (select arm, day, count(*) as subjects, sum(tasks * tasks) as tasks_sq,
                       sum(successes * successes) as successes_sq, sum(successes * tasks) as successes_tasks,
                       sum(cost * cost) as cost_sq, sum(cost * successes) as cost_successes
                  from readout_subject where experiment_id = p_experiment and scope = v_scope
                 group by arm, day) s on s.arm = t.arm and s.day = t.day;

        insert into readout_latency (experiment_id, arm, scope, day, latency_ms, tasks)
        select p_experiment, arm, v_scope, coalesce(day, '-infinity'), latency_ms, count(*)
          from rebuild_task where latency_ms is not null and (v_scope = 'all' or not cache_hit)
         group by grouping sets ((arm, day, latency_ms), (arm, latency_ms));
    end loop;

    drop table rebuild_task;
end $$;

-- Existing experiments get their rollups once, here.
select readout_rollup_rebuild(id) from experiment;

grant select on readout_rollup to rung_analyst;
