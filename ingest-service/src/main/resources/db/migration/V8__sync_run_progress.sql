-- What a running sync is doing now, and what it sat out (issue 24; docs/connectors.md "Progress"): written on each
-- phase, request, page and rate-limit wait of the run, so any instance can answer the admin's progress view (the run
-- itself lives on one instance's worker thread). A replay of a connector is a run too (trigger REPLAY).
alter table ingest.sync_run
    add column phase           text,                      -- the resource being read, e.g. issues:acme/payments
    add column endpoint        text,                      -- the tool call sent last, e.g. GET /repos/acme/payments/issues
    add column phase_items     integer not null default 0, -- objects of this phase fetched so far
    add column phase_total     integer,                   -- objects the tool says this phase's listing holds, if it says
    add column phase_started   timestamptz,
    add column requests        integer not null default 0, -- requests sent to the tool (retries and rate-limited ones too)
    add column rate_limit_waits integer not null default 0, -- rate-limit waits sat out
    add column wait_reason     text,                      -- while waiting: which answer asked for the wait
    add column wait_until      timestamptz,               -- while waiting: when the next request goes out
    add column updated_at      timestamptz;

alter table ingest.sync_run drop constraint sync_run_trigger_check;
alter table ingest.sync_run add constraint sync_run_trigger_check check (trigger in ('MANUAL', 'SCHEDULE', 'REPLAY'));
