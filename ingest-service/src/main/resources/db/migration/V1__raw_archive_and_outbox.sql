-- ingest-service owns the raw archive (everything received, verbatim) and the outbox
-- (canonical events waiting for, or done with, publication to RabbitMQ).
create schema if not exists ingest;

create table ingest.raw_payload (
    id           bigint generated always as identity primary key,
    received_at  timestamptz not null default now(),
    channel      text        not null,          -- 'api', 'webhook:github', 'pull:jira', ...
    connector_id text,
    delivery_id  text,                          -- the tool's delivery id, when it has one
    headers      jsonb       not null default '{}'::jsonb,
    body         text        not null
);

-- A redelivered webhook (same tool, connector and delivery id) is a no-op.
create unique index raw_payload_delivery on ingest.raw_payload (channel, connector_id, delivery_id)
    where delivery_id is not null;

create table ingest.outbox (
    id            bigint generated always as identity primary key,
    raw_id        bigint      not null references ingest.raw_payload (id),
    event_id      text        not null,
    event_type    text        not null,
    payload       text        not null,         -- the CloudEvents JSON published
    created_at    timestamptz not null default now(),
    claimed_until timestamptz,                  -- a relay instance is publishing it until then
    sent_at       timestamptz
);

create index outbox_unsent on ingest.outbox (id) where sent_at is null;
create index outbox_raw on ingest.outbox (raw_id);
