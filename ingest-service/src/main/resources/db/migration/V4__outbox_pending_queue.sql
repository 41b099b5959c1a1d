-- The relay's work queue moves out of the outbox into a narrow table (docs/decisions.md, "The outbox relay
-- claims from a narrow pending table"). Claiming from `outbox where sent_at is null` slowed down as the table
-- grew: every publication left two dead versions of a wide row behind (claim, then mark sent), and each claim
-- walked the partial index's dead entries again (576 ms per empty claim after 660,000 events). Now the outbox
-- is insert-only (the history of what was published, kept `flowlens.ingest.outbox.keep-sent`), and a row of
-- outbox_pending says "not published yet": inserted with the event, deleted in the transaction that
-- publishes it.
create table ingest.outbox_pending (
    outbox_id bigint primary key references ingest.outbox (id) on delete cascade
);

insert into ingest.outbox_pending (outbox_id) select id from ingest.outbox where sent_at is null;

drop index ingest.outbox_unsent;
alter table ingest.outbox drop column claimed_until;
alter table ingest.outbox drop column sent_at;
create index outbox_created on ingest.outbox (created_at);

-- small and churned by design: vacuum it often, without cost delays
alter table ingest.outbox_pending set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 50000);
