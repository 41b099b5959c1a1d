-- Connectors (one per tool instance) and their incremental-pull cursors. Tokens and webhook
-- secrets are AES-GCM encrypted by the service (key FLOWLENS_SECRET_KEY): nonce || ciphertext+tag.
create table ingest.connector (
    id                 text        primary key,      -- a UUID, also in the webhook URL
    kind               text        not null check (kind in ('GITHUB', 'GITLAB', 'JIRA')),
    name               text        not null,
    base_url           text        not null,
    selector           text        not null,         -- repositories (comma-separated) or a JQL filter
    settings           jsonb       not null default '{}'::jsonb,  -- mapping options (docs/connectors.md)
    token_enc          bytea,
    webhook_secret_enc bytea,
    last_sync_at       timestamptz,
    last_error         text,
    created_at         timestamptz not null default now()
);

create table ingest.sync_cursor (
    connector_id text        not null references ingest.connector (id) on delete cascade,
    resource     text        not null,               -- 'issues', 'pulls', 'deployments', 'search', ...
    cursor       text        not null,               -- the tool's updated-since value or page token
    updated_at   timestamptz not null default now(),
    primary key (connector_id, resource)
);
