-- One function makes both ledger tables' months ahead (V10 attempt, V12 task), so the daily job makes them in
-- step; it replaces attempt_partitions_ahead and task_partitions_ahead.
create function ledger_partitions_ahead(p_months int) returns void language plpgsql as $$
declare
    v_month date;
begin
    for i in 0..p_months loop
        v_month := ((now() at time zone 'UTC')::date + make_interval(months => i))::date;
        perform attempt_partition_for(v_month);
        perform task_partition_for(v_month);
    end loop;
end $$;

drop function attempt_partitions_ahead(int);
drop function task_partitions_ahead(int);
