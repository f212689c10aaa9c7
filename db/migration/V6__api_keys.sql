-- API keys for REST callers. Only a SHA-256 of each key is stored; the key itself is shown once, at creation.
create table api_key (
    id          uuid         primary key,
    name        text         not null,
    key_sha256  char(64)     not null unique,
    scopes      text[]       not null,
    created_at  timestamptz  not null,
    revoked_at  timestamptz
);
