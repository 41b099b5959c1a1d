-- DORA v2 (METRICS.md "Contract v2 additions"): a deployment remembers which deployment it rolls back and whether the
-- tool marked it a hotfix (EVENTS.md, deployment.finished). Both belong to the winning event like every other field of
-- the row (fact_time, fact_event_id, fact_revision), so order, duplicates and revisions decide them as before; rows
-- stored before this migration roll nothing back and are no hotfix.
alter table metrics.deployment add column rollback_of text;
alter table metrics.deployment add column hotfix boolean not null default false;
