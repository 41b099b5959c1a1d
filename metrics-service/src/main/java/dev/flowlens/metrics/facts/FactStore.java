package dev.flowlens.metrics.facts;

import dev.flowlens.events.EventData;
import dev.flowlens.events.FlowEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes canonical events as facts. Each write is idempotent (keyed by the event or the entity id)
 * and commutative: where two events speak of the same entity, a fixed precedence decides (rank, then
 * event time, then event id, then mapping revision), never the arrival order. Two versions of the same
 * event id (a replay after a mapping fix) differ only by their mapping revision ({@link FlowEvent#revision()}):
 * the higher one wins, a transition with a higher revision replaces the stored one, and the same
 * revision again changes nothing (docs/decisions.md, "Replay: newer mapping wins").
 */
@ApplicationScoped
public class FactStore {

    /** True in an incident upsert when the incoming event outranks the stored one. */
    private static final String INCOMING_WINS = "((excluded.fact_rank, excluded.fact_time, excluded.fact_event_id,"
            + " excluded.fact_revision) > (i.fact_rank, i.fact_time, i.fact_event_id, i.fact_revision))";

    private final Pool pool;

    public FactStore(Pool pool) {
        this.pool = pool;
    }

    /** One write: the statement, its arguments, and where it goes in a batch (table order, then row key). */
    record Write(int table, String key, String sql, Tuple args) {
    }

    /** Stores one event's fact; completes once it is committed. */
    public Uni<Void> apply(FlowEvent event) {
        Write w = write(event);
        return pool.preparedQuery(w.sql()).execute(w.args()).replaceWithVoid();
    }

    /**
     * Stores the facts of many events in one transaction; completes once it is committed, fails (and keeps none)
     * otherwise. Each statement is sent once per kind with all its argument rows (one round trip per kind, one commit
     * for the lot). Rows are written table by table in a fixed order and, within a table, sorted by key, so two
     * instances writing overlapping batches at once lock rows in the same order and cannot deadlock. Within a
     * batch each event is still applied by its own execution of the statement, so the precedence rules decide between
     * two events of the same entity exactly as they do across batches.
     */
    public Uni<Void> applyAll(List<FlowEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (events.size() == 1) {
            return apply(events.get(0));
        }
        List<Write> writes = new ArrayList<>(events.size());
        for (FlowEvent e : events) {
            writes.add(write(e));
        }
        writes.sort(Comparator.comparingInt(Write::table).thenComparing(Write::key));
        return pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            int from = 0;
            while (from < writes.size()) {
                int to = from;
                String sql = writes.get(from).sql();
                List<Tuple> batch = new ArrayList<>();
                while (to < writes.size() && writes.get(to).sql().equals(sql)) {
                    batch.add(writes.get(to).args());
                    to++;
                }
                chain = chain.chain(() -> conn.preparedQuery(sql).executeBatch(batch).replaceWithVoid());
                from = to;
            }
            return chain;
        });
    }

    private Write write(FlowEvent event) {
        EventData data = event.data();
        if (data instanceof EventData.WorkItemUpserted u) {
            return new Write(0, u.itemId(), """
                    insert into metrics.work_item as w (item_id, key, title, item_type, project, team, status,
                        created_at, url, labels, parent_id, upsert_time, upsert_event_id, upsert_revision)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                    on conflict (item_id) do update set key = excluded.key, title = excluded.title,
                        item_type = excluded.item_type, project = excluded.project, team = excluded.team,
                        status = excluded.status, created_at = excluded.created_at, url = excluded.url,
                        labels = excluded.labels, parent_id = excluded.parent_id,
                        upsert_time = excluded.upsert_time, upsert_event_id = excluded.upsert_event_id,
                        upsert_revision = excluded.upsert_revision, txid = excluded.txid
                    where (excluded.upsert_time, excluded.upsert_event_id, excluded.upsert_revision)
                        > (w.upsert_time, w.upsert_event_id, w.upsert_revision)""",
                    args(u.itemId(), u.key(), u.title(), u.itemType().wireName(), u.project(),
                            u.team(), u.status(), utc(u.createdAt()), u.url(),
                            u.labels().toArray(String[]::new), u.parentId(), utc(event.time()), event.id(),
                            event.revision()));
        }
        if (data instanceof EventData.WorkItemTransitioned t) {
            // A newer mapping of the same event replaces the row; an item it moves away from is remembered in
            // moved_from, so that the fact cache reloads that item too.
            return new Write(1, event.id(), """
                    insert into metrics.transition as t (event_id, item_id, from_status, to_status, at, revision)
                    values ($1, $2, $3, $4, $5, $6)
                    on conflict (event_id) do update set item_id = excluded.item_id,
                        from_status = excluded.from_status, to_status = excluded.to_status, at = excluded.at,
                        revision = excluded.revision,
                        moved_from = case when t.item_id = excluded.item_id or t.item_id = any(t.moved_from)
                            then t.moved_from else array_append(t.moved_from, t.item_id) end,
                        txid = excluded.txid
                    where excluded.revision > t.revision""",
                    args(event.id(), t.itemId(), t.fromStatus(), t.toStatus(), utc(t.at()), event.revision()));
        }
        if (data instanceof EventData.WorkItemDeleted d) {
            // Final and keyed by the item: nothing a newer mapping of the same event could correct (its item id is the
            // key, and a deletion under another item id is another row), so no revision is kept.
            return new Write(2, d.itemId(), """
                    insert into metrics.deleted_item (item_id, event_id, deleted_at) values ($1, $2, $3)
                    on conflict (item_id) do nothing""", args(d.itemId(), event.id(), utc(event.time())));
        }
        if (data instanceof EventData.ChangeOpened c) {
            return upsertChange(event, 0, c.changeId(), c.repository(), c.title(), c.author(), c.createdAt(), null,
                    null, null, c.workItemKeys());
        }
        if (data instanceof EventData.ChangeMerged c) {
            return upsertChange(event, 1, c.changeId(), c.repository(), c.title(), c.author(), c.createdAt(),
                    c.firstCommitAt(), c.mergedAt(), c.mergeCommitSha(), c.workItemKeys());
        }
        if (data instanceof EventData.DeploymentFinished d) {
            return new Write(4, d.deploymentId(), """
                    insert into metrics.deployment as d (deployment_id, service, environment, status, started_at,
                        finished_at, commit_shas, fact_time, fact_event_id, fact_revision, rollback_of, hotfix)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                    on conflict (deployment_id) do update set service = excluded.service,
                        environment = excluded.environment, status = excluded.status,
                        started_at = excluded.started_at, finished_at = excluded.finished_at,
                        commit_shas = excluded.commit_shas, fact_time = excluded.fact_time,
                        fact_event_id = excluded.fact_event_id, fact_revision = excluded.fact_revision,
                        rollback_of = excluded.rollback_of, hotfix = excluded.hotfix,
                        txid = excluded.txid
                    where (excluded.fact_time, excluded.fact_event_id, excluded.fact_revision)
                        > (d.fact_time, d.fact_event_id, d.fact_revision)""",
                    args(d.deploymentId(), d.service(), d.environment(), d.status().wireName(),
                            utc(d.startedAt()), utc(d.finishedAt()), d.commitShas().toArray(String[]::new),
                            utc(event.time()), event.id(), event.revision(), d.rollbackOf(), d.isHotfix()));
        }
        if (data instanceof EventData.IncidentOpened i) {
            return upsertIncident(event, 0, i.incidentId(), i.service(), i.severity(), i.openedAt(), null,
                    i.causedByDeploymentId());
        }
        if (data instanceof EventData.IncidentResolved i) {
            return upsertIncident(event, 1, i.incidentId(), i.service(), null, i.openedAt(), i.resolvedAt(),
                    i.causedByDeploymentId());
        }
        throw new IllegalStateException("no fact for " + event.type());
    }

    private static Write upsertChange(FlowEvent event, int rank, String changeId, String repository, String title,
            String author, Instant createdAt, Instant firstCommitAt, Instant mergedAt, String sha, List<String> keys) {
        return new Write(3, changeId, """
                insert into metrics.change as c (change_id, repository, title, author, created_at, first_commit_at,
                    merged_at, merge_commit_sha, work_item_keys, fact_rank, fact_time, fact_event_id, fact_revision)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                on conflict (change_id) do update set repository = excluded.repository, title = excluded.title,
                    author = excluded.author, created_at = excluded.created_at,
                    first_commit_at = excluded.first_commit_at, merged_at = excluded.merged_at,
                    merge_commit_sha = excluded.merge_commit_sha, work_item_keys = excluded.work_item_keys,
                    fact_rank = excluded.fact_rank, fact_time = excluded.fact_time,
                    fact_event_id = excluded.fact_event_id, fact_revision = excluded.fact_revision, txid = excluded.txid
                where (excluded.fact_rank, excluded.fact_time, excluded.fact_event_id, excluded.fact_revision)
                    > (c.fact_rank, c.fact_time, c.fact_event_id, c.fact_revision)""",
                args(changeId, repository, title, author, utc(createdAt),
                        utc(firstCommitAt), utc(mergedAt), sha,
                        keys.toArray(String[]::new), rank, utc(event.time()), event.id(), event.revision()));
    }

    private static Write upsertIncident(FlowEvent event, int rank, String incidentId, String service, String severity,
            Instant openedAt, Instant resolvedAt, String causedBy) {
        // The winning event's fields replace the others; a severity or cause only the losing event
        // gives is still kept, so the outcome does not depend on which arrived first.
        return new Write(5, incidentId, """
                insert into metrics.incident as i (incident_id, service, severity, opened_at, resolved_at,
                    caused_by_deployment_id, fact_rank, fact_time, fact_event_id, fact_revision)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                on conflict (incident_id) do update set
                    service = case when %1$s then excluded.service else i.service end,
                    opened_at = case when %1$s then excluded.opened_at else i.opened_at end,
                    resolved_at = case when %1$s then coalesce(excluded.resolved_at, i.resolved_at)
                                       else coalesce(i.resolved_at, excluded.resolved_at) end,
                    severity = case when %1$s then coalesce(excluded.severity, i.severity)
                                    else coalesce(i.severity, excluded.severity) end,
                    caused_by_deployment_id = case when %1$s
                        then coalesce(excluded.caused_by_deployment_id, i.caused_by_deployment_id)
                        else coalesce(i.caused_by_deployment_id, excluded.caused_by_deployment_id) end,
                    fact_rank = case when %1$s then excluded.fact_rank else i.fact_rank end,
                    fact_time = case when %1$s then excluded.fact_time else i.fact_time end,
                    fact_event_id = case when %1$s then excluded.fact_event_id else i.fact_event_id end,
                    fact_revision = case when %1$s then excluded.fact_revision else i.fact_revision end,
                    txid = excluded.txid
""".formatted(INCOMING_WINS),
                args(incidentId, service, severity, utc(openedAt), utc(resolvedAt),
                        causedBy, rank, utc(event.time()), event.id(), event.revision()));
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /** A tuple that, unlike {@code Tuple.of}, takes nulls for absent optional fields. */
    private static Tuple args(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof String text) {
                values[i] = withoutNul(text);
            } else if (values[i] instanceof String[] texts) {
                for (int j = 0; j < texts.length; j++) {
                    texts[j] = withoutNul(texts[j]);
                }
            }
        }
        return Tuple.from(Arrays.asList(values));
    }

    /**
     * PostgreSQL's text cannot hold U+0000, and real tools send it (a Jira summary of DevLake's recorded data has
     * one): it is dropped from stored text rather than failing the event.
     */
    static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }
}
