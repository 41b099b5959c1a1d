-- bin/lib/seed-metrics.sql: facts written straight into a metrics-service database with SQL (issue #28), shaped as
-- bin/bench-metrics' ingest path writes them (bench.MetricsBench: the same ids, texts, workflow, dwell times, reopens,
-- changes, reviews, deployments and incidents, whole-second times, every row with a mapping revision), for the
-- benchmarks that need millions of items: bin/bench-cache-load and bin/bench-scale. The pipeline takes about 14,000
-- events/s; this writes 5,000,000 items with ~50,000,000 transitions in minutes.
--
-- An enterprise of value streams of one size each: item g (1..items) belongs to stream s = (g - 1) / stream_items + 1,
-- and stream s is one project, team, service and repository:
--   s = 1: project BEN, team bench, service bench-api, repository bench/app, value stream "bench" (MetricsBench's)
--   s > 1: project BEN<s>, team bench<s>, service bench<s>-api, repository bench<s>/app, value stream "bench<s>"
-- with stream_changes merged changes (80 % reviewed) and stream_deployments production deployments (90 % succeed,
-- 5 % of those cause an incident) each. Random draws are hashes of (row, draw), not a sequence, so stream 1 is the
-- same rows in a database of 100,000 items as in one of 5,000,000.
--
-- psql variables (psql -v name=value), all required:
--   items               work items in all
--   stream_items        work items of one stream (the last one may have fewer)
--   stream_changes      merged changes of each stream
--   stream_deployments  deployments of each stream
--   project_streams     true: a value stream per project (bench, bench2, ...); false: none
--   everything          true: also a value stream "everything" over every item, service and repository
--   anchor              the end of the history ("now" of MetricsBench), e.g. '2026-12-07 20:00:00+00'; the history
--                       is the year before it
--   revision            the mapping revision of every row (ingest-service stamps the time it accepted an event, in
--                       microseconds since the epoch)
-- Needs metrics-service's schema (its Flyway migrations) in the database, with no facts in it. The indexes of the two
-- large tables are dropped during the load and made again after it, with their definitions of the migrations.
\set ON_ERROR_STOP on
set synchronous_commit = off;
set maintenance_work_mem = '512MB';
set work_mem = '64MB';

-- u(k, draw): a uniform draw in [0, 1) for row k
create function pg_temp.u(k bigint, draw bigint) returns float8 language sql immutable as
$$ select ((hashint8extended(k, draw) >> 11) & 9007199254740991)::float8 / 9007199254740992 $$;

-- s: a stream's names
create temp table seed_stream as
select s,
       case s when 1 then 'bench' else 'bench' || s end as pfx,
       case s when 1 then 'BEN' else 'BEN' || s end as project
from generate_series(1, ((:items)::bigint + :stream_items - 1) / :stream_items) s;

\echo work items
alter table metrics.work_item drop constraint work_item_pkey;
drop index metrics.work_item_project;
drop index metrics.work_item_txid;
create temp table seed_item as
select g, st.s, st.pfx, st.project, st.project || '-' || ((g - 1) % :stream_items + 1) as key,
       timestamptz :'anchor' - interval '365 days'
           + floor(pg_temp.u(g, 1) * 355 * 86400) * interval '1 second' as created,
       (array['feature','feature','feature','defect','defect','risk','debt'])[1 + floor(pg_temp.u(g, 2) * 7)::int] as type,
       case when pg_temp.u(g, 3) < 0.25 then 0 when pg_temp.u(g, 4) < 0.67 then 1 else 2 end as reopens
from generate_series(1, (:items)::bigint) g
join seed_stream st on st.s = (g - 1) / :stream_items + 1;
insert into metrics.work_item (item_id, key, title, item_type, project, team, status, created_at, url, upsert_time,
    upsert_event_id, upsert_revision)
select 'bench:item:' || key, key, 'Bench ' || key, type, project, pfx, 'To Do', created, null, created,
    'bench:item:' || key || ':upsert', :revision
from seed_item;
alter table metrics.work_item add constraint work_item_pkey primary key (item_id);
create index work_item_project on metrics.work_item (lower(btrim(project)));
create index work_item_txid on metrics.work_item (txid);

\echo transitions
-- To Do -> In Progress -> In Review -> Ready for QA -> In QA -> Done, then per reopen Done -> In Progress ... -> Done;
-- each move 60 s plus an exponential dwell of the status left (hours: To Do and Done 72, In Progress 48, In Review 24,
-- Ready for QA 36, In QA 12); the moves after the anchor are not made yet.
alter table metrics.transition drop constraint transition_pkey;
drop index metrics.transition_item;
drop index metrics.transition_txid;
insert into metrics.transition (event_id, item_id, from_status, to_status, at, revision)
select 'bench:item:' || i.key || ':t' || m.n, 'bench:item:' || i.key,
       (array['To Do','In Progress','In Review','Ready for QA','In QA','Done'])[m.from_index + 1],
       (array['To Do','In Progress','In Review','Ready for QA','In QA','Done'])[m.to_index + 1],
       i.created + m.elapsed * interval '1 second', :revision
from seed_item i,
lateral (select n, from_index, to_index, sum(dwell) over (order by n) as elapsed
         from (select n, from_index, to_index,
                      60 + floor(-ln(1 - pg_temp.u(i.g * 16 + n, 5))
                          * (array[72, 48, 24, 36, 12])[case from_index when 5 then 1 else from_index + 1 end]
                          * 3600) as dwell
               from (select n, case when n = 1 then 0 when (n - 1) % 5 = 0 then 5 else (n - 1) % 5 end as from_index,
                            (n - 1) % 5 + 1 as to_index
                     from generate_series(1, 5 * (i.reopens + 1)) n) steps) dwells) m
where i.created + m.elapsed * interval '1 second' < timestamptz :'anchor';
alter table metrics.transition add constraint transition_pkey primary key (event_id);
create index transition_item on metrics.transition (item_id);
create index transition_txid on metrics.transition (txid);

\echo changes and reviews
-- a change is merged in the 360 days after the history's start, its first commit 1 h to 5 days before, it names one
-- of its project's first 1,000 items
create temp table seed_change as
select st.s, st.pfx, st.project, c, st.s * 100000000 + c as k,
       st.pfx || ':change:' || c as id,
       timestamptz :'anchor' - interval '365 days' + floor(pg_temp.u(st.s * 100000000 + c, 11) * 360 * 86400)
           * interval '1 second' as merged,
       lpad(to_hex(hashint8extended(st.s * 100000000 + c, 12)), 16, '0')
           || lpad(to_hex(hashint8extended(st.s * 100000000 + c, 13)), 16, '0')
           || lpad(to_hex(hashint8extended(st.s * 100000000 + c, 14) & 4294967295), 8, '0') as sha
from seed_stream st, generate_series(0, :stream_changes - 1) c;
alter table seed_change add column first_commit timestamptz;
update seed_change set first_commit = merged - (3600 + floor(pg_temp.u(k, 15) * 5 * 86400)) * interval '1 second';
insert into metrics.change (change_id, repository, title, author, created_at, first_commit_at, merged_at,
    merge_commit_sha, work_item_keys, fact_rank, fact_time, fact_event_id, fact_revision)
select id, pfx || '/app', key || ' change', null, first_commit, first_commit, merged, sha, array[key], 1, merged,
    id || ':merged', :revision
from (select *, project || '-' || (1 + floor(pg_temp.u(k, 16) * 1000)::int) as key from seed_change) c;
insert into metrics.change_review (review_id, change_id, repository, reviewer, state, submitted_at, fact_time,
    fact_event_id, fact_revision)
select id || ':review:1', id, pfx || '/app', 'reviewer', 'approved', t, t, id || ':review:1', :revision
from (select id, pfx, first_commit + floor(pg_temp.u(k, 18) * greatest(1, extract(epoch from merged - first_commit)))
          * interval '1 second' as t
      from seed_change where pg_temp.u(k, 17) < 0.8) r;

\echo deployments and incidents
-- deployments at random times of the 364 days after the history's start, numbered in time order; a change ships
-- with the first successful one at or after its merge, and every failed one between carries it too
create temp table seed_deployment as
select s, pfx, row_number() over (partition by s order by t, d) - 1 as n, t, pg_temp.u(k, 22) < 0.9 as success, k
from (select st.s, st.pfx, d, st.s * 100000000 + d as k,
             timestamptz :'anchor' - interval '365 days' + floor(pg_temp.u(st.s * 100000000 + d, 21) * 364 * 86400)
                 * interval '1 second' as t
      from seed_stream st, generate_series(0, :stream_deployments - 1) d) x;
create index on seed_deployment (s, t, n);
create index on seed_deployment (s, t, n) where success;
analyze seed_deployment;
create temp table seed_ship as
select c.s, c.c, c.sha, n
from seed_change c
join lateral (select n as first from seed_deployment d where d.s = c.s and d.t >= c.merged
              order by d.t, d.n limit 1) f on true
left join lateral (select n as shipped from seed_deployment d where d.s = c.s and d.t >= c.merged and d.success
                   order by d.t, d.n limit 1) w on true,
lateral generate_series(f.first, coalesce(w.shipped, :stream_deployments - 1)) n;
insert into metrics.deployment (deployment_id, service, environment, status, started_at, finished_at, commit_shas,
    fact_time, fact_event_id, fact_revision)
select d.pfx || ':deploy:' || d.n, d.pfx || '-api', 'production', case when d.success then 'success' else 'failure' end,
    d.t - interval '300 seconds', d.t, coalesce(sh.shas, '{}'), d.t, d.pfx || ':deploy:' || d.n, :revision
from seed_deployment d
left join (select s, n, array_agg(sha order by c) as shas from seed_ship group by s, n) sh on sh.s = d.s and sh.n = d.n;
insert into metrics.incident (incident_id, service, severity, opened_at, resolved_at, caused_by_deployment_id,
    fact_rank, fact_time, fact_event_id, fact_revision)
select id, pfx || '-api', null, opened, resolved, pfx || ':deploy:' || n, 1, resolved, id || ':resolved', :revision
from (select pfx, n, pfx || ':incident:' || n as id,
             t + (600 + floor(pg_temp.u(k, 24) * 7200)) * interval '1 second' as opened,
             t + (1200 + floor(pg_temp.u(k, 24) * 7200) + floor(pg_temp.u(k, 25) * 86400)) * interval '1 second'
                 as resolved
      from seed_deployment where success and pg_temp.u(k, 23) < 0.05) i
where resolved < timestamptz :'anchor';

\echo value streams
-- saved as the gateway's saveValueStream stores them (MetricsBench's scope, stages and done status): a project stream
-- names its project, service and repository, as a team's stream does (no repositories would take every one's changes)
insert into metrics.value_stream (id, name, definition)
select id, name, jsonb_build_object('id', id, 'name', name,
    'scope', jsonb_build_object('projects', projects, 'teams', '[]'::jsonb, 'itemTypes', '[]'::jsonb,
        'services', services, 'repositories', repositories),
    'stages', '[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE","wipLimit":null},
        {"name":"Review wait","statuses":["In Review"],"kind":"WAITING","wipLimit":null},
        {"name":"QA queue","statuses":["Ready for QA"],"kind":"WAITING","wipLimit":null},
        {"name":"QA","statuses":["In QA"],"kind":"ACTIVE","wipLimit":null}]'::jsonb,
    'doneStatuses', '["Done"]'::jsonb, 'productionEnvironments', '["production","prod"]'::jsonb,
    'visibleToGroups', '[]'::jsonb, 'incidentAttribution', '{"windowHours":0}'::jsonb, 'sle', null)
from (select pfx as id, case s when 1 then 'Benchmark' else 'Benchmark ' || s end as name,
             jsonb_build_array(project) as projects, jsonb_build_array(pfx || '-api') as services,
             jsonb_build_array(pfx || '/app') as repositories
      from seed_stream where :project_streams
      union all
      select 'everything', 'Everything', '[]'::jsonb, '[]'::jsonb, '[]'::jsonb where :everything) v;

\echo vacuum analyze
vacuum analyze metrics.work_item;
vacuum analyze metrics.transition;
vacuum analyze metrics.change;
vacuum analyze metrics.change_review;
vacuum analyze metrics.deployment;
vacuum analyze metrics.incident;
