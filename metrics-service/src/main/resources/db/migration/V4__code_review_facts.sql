-- Code review facts (METRICS.md "Delivery", EVENTS.md "Contract v2 additions"); same guarantees as V1-V3: idempotent,
-- commutative, newer mapping of the same event wins (revision), change tracking by txid for the fact cache.

-- readyForReviewAt of the winning change event (change.merged outranks change.opened, then the latest).
alter table metrics.change add column ready_for_review_at timestamptz;
-- "A field only change.opened gives still counts": the fields of the winning change.opened event (the latest by
-- (time, event id, revision)), kept beside the winner's whatever the order; readers take the winner's value, else
-- these (a coalescing upsert would not be commutative with three or more events).
alter table metrics.change add column opened_author text;
alter table metrics.change add column opened_ready_for_review_at timestamptz;
alter table metrics.change add column opened_work_item_keys text[];
alter table metrics.change add column opened_time timestamptz;
alter table metrics.change add column opened_event_id text;
alter table metrics.change add column opened_revision bigint;

-- One row per review (the tool's review id); a later event of the same review (an edit) wins, then event id, then
-- mapping revision. A review may arrive before its change.
create table metrics.change_review (
    review_id     text primary key,
    change_id     text        not null,
    repository    text        not null,
    reviewer      text        not null,
    state         text        not null,
    submitted_at  timestamptz not null,
    fact_time     timestamptz not null,
    fact_event_id text        not null,
    fact_revision bigint      not null default 0,
    txid          bigint      not null default (pg_current_xact_id()::text::bigint)
);
create index change_review_change on metrics.change_review (change_id);
create index change_review_txid on metrics.change_review (txid);

-- A change closed without merging. No metric reads it today (a change.closed does not undo a merge): it is kept so
-- that it is a fact, not a dead letter. The latest close wins.
create table metrics.change_closed (
    change_id     text primary key,
    repository    text        not null,
    closed_at     timestamptz not null,
    fact_time     timestamptz not null,
    fact_event_id text        not null,
    fact_revision bigint      not null default 0,
    txid          bigint      not null default (pg_current_xact_id()::text::bigint)
);
