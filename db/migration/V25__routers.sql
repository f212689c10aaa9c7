-- Learned start rungs: a router predicts from an input, before any model sees it, whether a policy's first rung will
-- pass (and be right, where reviews exist), and a learned policy (learned:<name>@<version>) starts the input one rung
-- higher when the prediction is poor. Each version is trained from the ledger by a job and evaluated by replaying a
-- held-out window on it and on the policies it should beat; only then may it serve live traffic.
create table router (
    name            text           not null check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    version         integer        not null check (version >= 1),
    task_type       text           not null,
    base_policy     text           not null,
    status          text           not null check (status in ('training', 'evaluating', 'evaluated', 'failed')),
    train_from      timestamptz    not null,
    train_to        timestamptz    not null,
    holdout_from    timestamptz    not null,
    holdout_to      timestamptz    not null,
    spend_cap_usd   numeric(18,9)  not null check (spend_cap_usd > 0),
    model           jsonb,
    training        jsonb,
    evaluation      jsonb,
    created_by      text           not null,
    created_at      timestamptz    not null,
    finished_at     timestamptz,
    error           text,
    primary key (name, version),
    check (train_from < train_to and holdout_from < holdout_to),
    check (holdout_from >= train_to or holdout_to <= train_from)
);
comment on table router is 'learned start rungs, one row per trained version (POST /v1/routers)';
comment on column router.base_policy is 'the policy whose ladder the router starts on its first rung or one higher';
comment on column router.model is 'features (hashed buckets, standardisation), logistic coefficients and the pass-probability threshold';
comment on column router.training is 'what the model was fitted on: examples, first-rung passes, reviewed examples, fit quality';
comment on column router.evaluation is 'the replays of the held-out window: the router''s policy, its base policy and each policy compared';
comment on column router.status is 'evaluated: every evaluation replay ended; only then may the router serve live traffic';
