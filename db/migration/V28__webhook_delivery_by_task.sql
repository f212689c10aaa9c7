-- A queued task's source (the webhook that delivered it, or the API) decides whether it may go on flex, and replays
-- filter by source: both look a task's delivery up by its task.
create index webhook_delivery_by_task on webhook_delivery (task_id);
