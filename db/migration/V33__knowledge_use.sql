-- Which passages of which document versions each task was given, and which its accepted answer cited, so that
-- when a document changes the tasks answered from its old version can be listed and run again.
create table knowledge_use (
    task_id      uuid        not null,
    source       text        not null,
    passage_id   text        not null,
    document_id  text        not null,
    version      integer     not null,
    cited        boolean     not null default false,
    used_at      timestamptz not null default now(),
    primary key (task_id, source, passage_id),
    foreign key (source, passage_id) references knowledge_passage (source, passage_id)
);
comment on table knowledge_use is 'the passages a task was given from a knowledge source (stored before its first model call); cited: its accepted answer cites the passage';

-- Served query: the tasks that used a document's versions (GET /v1/knowledge/{source}/documents/{id}/dependents).
create index knowledge_use_by_document on knowledge_use (source, document_id, version, used_at desc);

-- Readouts count citation failures by rung (citation_unknown, quote_mismatch, citation_missing), kept as tasks
-- finish like the rule failures of V15: per experiment, arm, scope and day ('-infinity' for the whole experiment).
create table readout_citation (
    experiment_id  uuid     not null,
    arm            text     not null,
    scope          text     not null check (scope in ('all', 'nocache')),
    day            date     not null,
    rung           integer  not null,
    outcome        text     not null,
    attempts       bigint   not null,
    primary key (experiment_id, arm, scope, day, rung, outcome)
);
comment on table readout_citation is 'attempts that failed a citation check, per rung and outcome';

create function readout_citations_of(p_task uuid) returns table (rung integer, outcome text, attempts bigint)
language sql stable as $$
    select a.rung, a.outcome, count(*)
      from attempt a
     where a.task_id = p_task and a.outcome in ('citation_unknown', 'quote_mismatch', 'citation_missing')
     group by a.rung, a.outcome
$$;

create function readout_citation_task() returns trigger language plpgsql as $$
declare
    v_day date;
    v_scope text;
    v_period date;
begin
    if not exists (select 1 from attempt where task_id = new.id
                     and outcome in ('citation_unknown', 'quote_mismatch', 'citation_missing')) then
        return null;
    end if;
    select (new.created_at at time zone coalesce(e.time_zone, 'UTC'))::date into v_day
      from experiment e where e.id = new.experiment_id;
    foreach v_scope in array case when new.cache_hit then array['all'] else array['all', 'nocache'] end loop
        foreach v_period in array array['-infinity'::date, v_day] loop
            insert into readout_citation as r (experiment_id, arm, scope, day, rung, outcome, attempts)
            select new.experiment_id, new.arm, v_scope, v_period, f.rung, f.outcome, f.attempts
              from readout_citations_of(new.id) f
            on conflict (experiment_id, arm, scope, day, rung, outcome)
            do update set attempts = r.attempts + excluded.attempts;
        end loop;
    end loop;
    return null;
end $$;

create trigger task_readout_citation_finish after update of status on task for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed')
          and old.status not in ('succeeded', 'failed'))
    execute function readout_citation_task();

create constraint trigger task_readout_citation_insert after insert on task
    deferrable initially deferred
    for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed'))
    execute function readout_citation_task();

-- The full recomputation rebuilds the citation counts too.
alter function readout_rollup_rebuild(uuid) rename to readout_rollup_rebuild_rules;

create function readout_rollup_rebuild(p_experiment uuid) returns void language plpgsql as $$
begin
    perform readout_rollup_rebuild_rules(p_experiment);
    delete from readout_citation where experiment_id = p_experiment;
    insert into readout_citation (experiment_id, arm, scope, day, rung, outcome, attempts)
    select p_experiment, t.arm, s.scope, d.day, f.rung, f.outcome, sum(f.attempts)
      from task t
      join experiment e on e.id = t.experiment_id
     cross join lateral readout_citations_of(t.id) f
     cross join lateral (values ('all'), ('nocache')) s (scope)
     cross join lateral (values ('-infinity'::date), ((t.created_at at time zone e.time_zone)::date)) d (day)
     where t.experiment_id = p_experiment and t.status in ('succeeded', 'failed') and (s.scope = 'all' or not t.cache_hit)
     group by t.arm, s.scope, d.day, f.rung, f.outcome;
end $$;

grant select on readout_citation to rung_analyst;
grant select on knowledge_use to rung_analyst;

comment on column attempt.outcome is 'in_flight while its call runs; then pass, verified, schema_invalid, missing_fields, rule_failed, citation_unknown, quote_mismatch, citation_missing, low_confidence, verifier_rejected, refusal, truncated, rate_limited, quota_exhausted, provider_error, overloaded, capacity_unavailable, timeout, bad_request, auth_error, throttled, circuit_open, budget_exhausted, cancelled, batch_expired, batch_failed, or interrupted';
