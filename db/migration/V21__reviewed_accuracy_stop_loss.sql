-- The stop-loss can also judge what reviewers found: a treatment whose reviewed accuracy is worse than control's by more
-- than a margin is paused, whatever its machine pass rate says. Experiments created before keep it off (null).
alter table experiment add column accuracy_margin numeric(6,5);
alter table experiment add column min_reviewed_per_arm integer;
comment on column experiment.accuracy_margin is 'reviewed-accuracy points the treatment may lose before the stop-loss pauses it; null: the rule is off';
comment on column experiment.min_reviewed_per_arm is 'reviewed tasks each arm needs before the reviewed-accuracy rule judges';
