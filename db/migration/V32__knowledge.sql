-- Knowledge sources: a team's own documents (pricing pages, policies, product notes), versioned, split into passages
-- with stable ids and searched with PostgreSQL's own full-text search, so tasks that need current facts can cite them.
create table knowledge_source (
    source      text        primary key,
    language    regconfig   not null default 'english',
    created_at  timestamptz not null default now()
);
comment on table knowledge_source is 'a team''s document collection; language is the text search configuration its passages are indexed and queried with';

create table knowledge_document (
    source          text        not null references knowledge_source (source),
    document_id     text        not null,
    version         integer     not null check (version > 0),
    title           text,
    content_type    text        not null check (content_type in ('markdown', 'html', 'text')),
    content         text        not null,
    content_sha256  char(64)    not null,
    effective_from  timestamptz not null,
    created_at      timestamptz not null default now(),
    primary key (source, document_id, version)
);
comment on table knowledge_document is 'every version of every document; a version is never changed. The current version of a document is its highest whose effective_from has come';

create table knowledge_passage (
    passage_id   text     not null,
    source       text     not null,
    document_id  text     not null,
    version      integer  not null,
    seq          integer  not null,
    heading      text,
    text         text     not null,
    tsv          tsvector not null,
    primary key (source, passage_id),
    foreign key (source, document_id, version) references knowledge_document (source, document_id, version),
    unique (source, document_id, version, seq)
);
comment on table knowledge_passage is 'a document version split into passages; passage_id is <document>@<version>#<n> within its source, stable for ever since versions never change';
comment on column knowledge_passage.tsv is 'the heading (weight A) and the text (weight B) under the source''s text search configuration';

-- Served query: full-text search over a source's passages.
create index knowledge_passage_tsv on knowledge_passage using gin (tsv);
