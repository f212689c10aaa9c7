-- A caller may say how long it can wait: the ladder never starts a rung that cannot finish before then.
alter table task add column deadline timestamptz;
comment on column task.deadline is 'when the caller stops waiting (the request''s deadline field or X-Rung-Deadline header); null: none given';
