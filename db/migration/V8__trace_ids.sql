-- The trace a task ran in, to find its spans (one per attempt) in the tracing backend.
alter table task add column trace_id text;
