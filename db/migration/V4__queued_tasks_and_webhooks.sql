-- Asynchronous work: tasks accepted now and processed by workers that take them from this table, and the
-- webhook deliveries that created them (one task per delivery, however often the sender retries).

alter table task drop constraint task_status_check;
alter table task add constraint task_status_check check (status in ('queued', 'running', 'succeeded', 'failed'));
alter table task add column mode text not null default 'sync' check (mode in ('sync', 'async'));
alter table task add column lease_until timestamptz;
comment on column task.lease_until is 'an async task being processed: another worker may take it over after this time';

-- Served query: workers take the oldest queued (or abandoned) async tasks.
create index task_async_queue on task (created_at) where mode = 'async' and status in ('queued', 'running');

create table webhook_delivery (
    source       text         not null,
    delivery_id  text         not null,
    task_id      uuid         not null references task (id),
    received_at  timestamptz  not null,
    primary key (source, delivery_id)
);
comment on table webhook_delivery is 'a retried delivery finds its first copy here and gets the same answer';
