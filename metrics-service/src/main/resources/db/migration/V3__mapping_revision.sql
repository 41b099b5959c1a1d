-- Replay: newer mapping wins (docs/decisions.md). Each fact keeps the mapping revision of the event version that
-- wrote it: the event's flowlensmapped extension in microseconds since the epoch, 0 for an event without one (and for
-- every row stored before this migration). For the same event id a higher revision replaces the stored fact; between
-- different event ids the precedence is unchanged (revision is only the last tie-breaker).
alter table metrics.transition add column revision bigint not null default 0;
alter table metrics.work_item add column upsert_revision bigint not null default 0;
alter table metrics.change add column fact_revision bigint not null default 0;
alter table metrics.deployment add column fact_revision bigint not null default 0;
alter table metrics.incident add column fact_revision bigint not null default 0;

-- A newer mapping may move a transition to another item: the items it was on before, so that the fact cache reloads
-- them too (FactCache polls item_id and moved_from of the changed rows) and drops it there.
alter table metrics.transition add column moved_from text[] not null default '{}';
