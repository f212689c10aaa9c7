-- Results leave Rung: written back to the CRM record a task came from (HubSpot, Zendesk) or POSTed to a signed
-- callback. Each delivery is planned when its task is accepted and becomes due in the transaction that ends the task
-- (a trigger below), so a finished task never lacks its delivery; workers then send it until it succeeds, expires
-- or is refused for good.
create table delivery (
    id               uuid         primary key,
    task_id          uuid         not null references task (id),
    kind             text         not null check (kind in ('hubspot', 'zendesk', 'callback')),
    source           text         not null,
    target           text         not null,
    mapping          jsonb        not null,
    status           text         not null check (status in ('planned', 'pending', 'delivering', 'delivered', 'skipped', 'dead')),
    max_age          interval     not null,
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    expires_at       timestamptz,
    last_status      integer,
    last_error       text,
    written          jsonb,
    created_at       timestamptz  not null,
    finished_at      timestamptz
);

comment on table delivery is 'a task''s result on its way out: a CRM write-back or a signed callback';
comment on column delivery.target is 'hubspot: <object type>/<record id>; zendesk: tickets/<ticket id>; callback: the URL';
comment on column delivery.mapping is 'what to write, as the sender was configured when the task was accepted (never a secret)';
comment on column delivery.status is 'planned until the task ends; pending and delivering while it is sent; delivered, skipped (nothing to write) or dead';
comment on column delivery.written is 'the values written to the CRM: a later change to another value is a correction';

-- Served queries: workers take due deliveries; a task's deliveries; the delivery that wrote a CRM record.
create index delivery_due on delivery (next_attempt_at) where status in ('pending', 'delivering');
create index delivery_by_task on delivery (task_id);
create index delivery_by_target on delivery (kind, target, finished_at) where status = 'delivered';

create table delivery_attempt (
    delivery_id  uuid         not null references delivery (id),
    seq          integer      not null,
    at           timestamptz  not null,
    http_status  integer,
    error        text,
    latency_ms   bigint       not null,
    primary key (delivery_id, seq)
);
comment on column delivery_attempt.http_status is 'the receiver''s answer; null when none came (timeout, refused connection)';

create function delivery_due_with_task() returns trigger language plpgsql as $$
begin
    update delivery set status = 'pending', next_attempt_at = now(), expires_at = now() + max_age
     where task_id = new.id and status = 'planned';
    return null;
end $$;

create trigger task_delivery_due after update of status on task for each row
    when (new.status in ('succeeded', 'failed') and old.status not in ('succeeded', 'failed'))
    execute function delivery_due_with_task();

-- Ground truth now also comes from the CRM (a rep's correction) besides reviewers over the API.
alter table feedback add column source text not null default 'api' check (source in ('api', 'hubspot', 'zendesk'));
comment on column feedback.source is 'api: POST /v1/tasks/{id}/feedback; hubspot, zendesk: a person changed what Rung wrote';
