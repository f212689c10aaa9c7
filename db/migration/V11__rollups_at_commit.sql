-- A synchronous task without an Idempotency-Key is now stored once, when it ends: its row, already succeeded or
-- failed, and its attempts, in one transaction. The readout rollup trigger on insert counts the task's attempts,
-- which are inserted after the task row (they refer to it), so the trigger now runs when the transaction commits.
drop trigger task_readout_rollup_insert on task;

create constraint trigger task_readout_rollup_insert after insert on task
    deferrable initially deferred
    for each row
    when (new.experiment_id is not null and new.status in ('succeeded', 'failed'))
    execute function readout_rollup_task();
