-- Raw bodies (webhook deliveries are ~15 KB of JSON) are compressed into TOAST with lz4 instead of the default
-- pglz where the server supports it (PostgreSQL 14+ built with lz4, as Debian's and the official images are):
-- under webhook load pglz was a large part of PostgreSQL's CPU time per delivery (docs/decisions.md, "Group commit
-- of deliveries"). Only new rows are affected; old ones stay readable as they are.
do $$
begin
    if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
        alter table ingest.raw_payload alter column body set compression lz4;
        alter table ingest.raw_payload alter column headers set compression lz4;
        alter table ingest.outbox alter column payload set compression lz4;
    end if;
end
$$;
