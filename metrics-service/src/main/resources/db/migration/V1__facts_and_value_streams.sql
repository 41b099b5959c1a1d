-- metrics-service owns the facts (what happened, keyed by the event that said so) and the value
-- streams. Every write is idempotent and commutative: a duplicate event changes nothing, and the
-- rows come out the same whatever the arrival order (ARCHITECTURE.md, "Guarantees").
create schema if not exists metrics;

-- The latest upsert of each item, by (upsert_time, upsert_event_id): order-free.
create table metrics.work_item (
    item_id         text primary key,
    key             text        not null,
    title           text,
    item_type       text        not null,
    project         text        not null,
    team            text,
    status          text        not null,
    created_at      timestamptz not null,
    url             text,
    labels          text[]      not null default '{}',
    parent_id       text,
    upsert_time     timestamptz not null,
    upsert_event_id text        not null
);
create index work_item_project on metrics.work_item (lower(btrim(project)));

-- Deletion is final and may arrive before the item's upsert.
create table metrics.deleted_item (
    item_id    text primary key,
    event_id   text        not null,
    deleted_at timestamptz not null
);

-- Transitions are kept even when their item's upsert has not arrived yet.
create table metrics.transition (
    event_id    text primary key,
    item_id     text        not null,
    from_status text,
    to_status   text        not null,
    at          timestamptz not null
);
create index transition_item on metrics.transition (item_id);

-- One row per pull/merge request; a merged event outranks an opened one (rank), then the latest wins.
create table metrics.change (
    change_id        text primary key,
    repository       text        not null,
    title            text,
    author           text,
    created_at       timestamptz not null,
    first_commit_at  timestamptz,
    merged_at        timestamptz,
    merge_commit_sha text,
    work_item_keys   text[]      not null default '{}',
    fact_rank        int         not null,
    fact_time        timestamptz not null,
    fact_event_id    text        not null
);
create index change_merge_sha on metrics.change (merge_commit_sha);

create table metrics.deployment (
    deployment_id text primary key,
    service       text        not null,
    environment   text        not null,
    status        text        not null,
    started_at    timestamptz,
    finished_at   timestamptz not null,
    commit_shas   text[]      not null default '{}',
    fact_time     timestamptz not null,
    fact_event_id text        not null
);
create index deployment_service on metrics.deployment (lower(btrim(service)), finished_at);

-- A resolved event outranks an opened one; a cause or severity given by either is kept.
create table metrics.incident (
    incident_id             text primary key,
    service                 text        not null,
    severity                text,
    opened_at               timestamptz not null,
    resolved_at             timestamptz,
    caused_by_deployment_id text,
    fact_rank               int         not null,
    fact_time               timestamptz not null,
    fact_event_id           text        not null
);

create table metrics.value_stream (
    id         text primary key,
    name       text        not null,
    definition jsonb       not null,
    updated_at timestamptz not null default now()
);
