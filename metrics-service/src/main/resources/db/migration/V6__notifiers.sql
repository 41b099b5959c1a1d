-- Notifiers (issue 27, ARCHITECTURE.md "Contract v2 additions"): outgoing webhooks of alerts, and their persisted
-- outbox. metrics-service owns both; docs/operations.md "Notifiers" describes the delivery.

-- A notifier. id is a UUID chosen by the service (as value streams' ids); the secret that signs the bodies is stored
-- sealed with FLOWLENS_SECRET_KEY (AES-256-GCM, dev.flowlens.outbound.SecretCipher) and never answered.
create table metrics.notifier (
    id                text primary key,
    name              text not null,
    url               text not null,
    format            text not null check (format in ('JSON', 'SLACK')),
    secret_enc        bytea,
    -- {"valueStreamIds": [...]}: the value streams whose alerts it receives (an object: Hibernate Reactive reads
    -- JSON objects, not arrays)
    streams           jsonb not null,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    last_delivery_at  timestamptz,
    last_error        text
);

-- The outbox: one row per alert event (raised or ended) per notifier. The unique key makes enqueueing idempotent
-- (several replicas, a catch-up after a restart); rows of one (notifier, stream) are delivered in id order, each
-- after the one before it was delivered or given up. A row is claimed for one delivery attempt by setting
-- claimed_until (a replica that dies mid-attempt frees it when that passes).
create table metrics.notifier_delivery (
    id                bigint generated always as identity primary key,
    notifier_id       text not null references metrics.notifier (id) on delete cascade,
    value_stream_id   text not null,
    value_stream_name text not null,
    alert_id          text not null,
    event             text not null check (event in ('raised', 'ended')),
    alert             jsonb not null,
    enqueued_at       timestamptz not null default now(),
    attempts          integer not null default 0,
    next_attempt_at   timestamptz not null default now(),
    claimed_until     timestamptz,
    delivered_at      timestamptz,
    failed_at         timestamptz,
    last_error        text,
    unique (notifier_id, alert_id, event)
);

-- The heads of the streams' queues: the undelivered rows, in order.
create index notifier_delivery_open on metrics.notifier_delivery (notifier_id, value_stream_id, id)
    where delivered_at is null and failed_at is null;
-- The clean-up of settled rows.
create index notifier_delivery_settled on metrics.notifier_delivery (enqueued_at)
    where delivered_at is not null or failed_at is not null;
