-- Raw bodies stay in the table's own pages, compressed, instead of in TOAST: a GitHub delivery (~15 KB of JSON) is
-- ~2.7 KB once lz4 has compressed it, over the 2 KB at which PostgreSQL moves a value out of line, so each delivery
-- cost two more rows in the TOAST table and two entries in its index. STORAGE MAIN still compresses, and still moves
-- a value out of line when the row cannot fit in a page otherwise (a body that compresses badly), so nothing is
-- refused. Measured (pgbench, one real delivery per insert, 4 clients, no fsync): 5,960 and 6,433 inserts/s against
-- 5,574 and 5,369 (docs/decisions.md, "Raw bodies inline"). Only new rows are affected; old ones stay readable.
alter table ingest.raw_payload alter column body set storage main;
