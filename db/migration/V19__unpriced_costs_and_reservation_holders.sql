-- A call whose model had no price is not free: budgets count such calls apart, and readouts find the tasks whose
-- cost is unknown (few, so a partial index finds them without a scan) to flag them instead of summing them as 0.
alter table budget_day add column unpriced_calls bigint not null default 0;
comment on column budget_day.unpriced_calls is 'calls settled with no price known for their model: their spend is missing from spent_usd';

create index task_unpriced on task (experiment_id, arm) where cost_usd is null and status in ('succeeded', 'failed');

-- A reservation is held by the instance that made it: when that instance is gone, what it held is given back, even
-- a reservation whose call never left (the instance stopped between reserving and storing the attempt).
alter table budget_reservation add column holder uuid;
comment on column budget_reservation.holder is 'the instance (rung_instance.id) whose call holds the reservation';
create index budget_reservation_by_holder on budget_reservation (holder);
