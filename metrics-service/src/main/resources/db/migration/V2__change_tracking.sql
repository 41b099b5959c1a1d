-- Change tracking for the in-memory fact cache of every metrics-service instance (dev.flowlens.metrics.view).
-- Each row carries the id of the transaction that last wrote it; every upsert sets it again in its "do update"
-- branch. A poller reads, in one REPEATABLE READ transaction, X_k = pg_snapshot_xmin(pg_current_snapshot()) and
-- the rows with txid >= X_(k-1): see FactCache for why no committed row is missed.
alter table metrics.work_item add column txid bigint not null default (pg_current_xact_id()::text::bigint);
alter table metrics.deleted_item add column txid bigint not null default (pg_current_xact_id()::text::bigint);
alter table metrics.transition add column txid bigint not null default (pg_current_xact_id()::text::bigint);
alter table metrics.change add column txid bigint not null default (pg_current_xact_id()::text::bigint);
alter table metrics.deployment add column txid bigint not null default (pg_current_xact_id()::text::bigint);
alter table metrics.incident add column txid bigint not null default (pg_current_xact_id()::text::bigint);
alter table metrics.value_stream add column txid bigint not null default (pg_current_xact_id()::text::bigint);

create index work_item_txid on metrics.work_item (txid);
create index deleted_item_txid on metrics.deleted_item (txid);
create index transition_txid on metrics.transition (txid);
create index change_txid on metrics.change (txid);
create index deployment_txid on metrics.deployment (txid);
create index incident_txid on metrics.incident (txid);
create index value_stream_txid on metrics.value_stream (txid);

-- A deleted value stream must reach the pollers too: it is kept as a tombstone (deleted = true, with its txid)
-- instead of being removed. Saving the same id again brings it back.
alter table metrics.value_stream add column deleted boolean not null default false;
