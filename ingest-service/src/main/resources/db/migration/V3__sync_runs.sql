-- Runs of the incremental pull (docs/connectors.md "Pull"): one row per run, kept for progress
-- and for the admin's view of what a sync did. Only one run per connector is RUNNING at a time:
-- the service holds a PostgreSQL advisory lock on the connector id for the whole run.
create table ingest.sync_run (
    id           text        primary key,                 -- a UUID
    connector_id text        not null references ingest.connector (id) on delete cascade,
    trigger      text        not null check (trigger in ('MANUAL', 'SCHEDULE')),
    status       text        not null check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
    started_at   timestamptz not null default now(),
    finished_at  timestamptz,
    pages        integer     not null default 0,          -- pages fetched and committed
    items        integer     not null default 0,          -- objects fetched
    stored       integer     not null default 0,          -- new raw rows (an object already stored at the same version is not stored again)
    events       integer     not null default 0,          -- outbox rows written
    progress     jsonb       not null default '{}'::jsonb, -- per resource: {"pages", "items", "cursor"}
    error        text
);

create index sync_run_by_connector on ingest.sync_run (connector_id, started_at desc);
