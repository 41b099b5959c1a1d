package dev.flowlens.ingest.connector.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.ToolTime;
import dev.flowlens.ingest.raw.RawArchive;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The pull's tables: {@code ingest.sync_run} (one row per run, its counts and progress; {@link SyncRunEntity}) and
 * {@code ingest.sync_cursor} (per connector and resource, where the next run starts). A run begins and ends through
 * Hibernate Reactive with Panache. A page of pulled objects, their outbox events, the run's counts and the resource's
 * cursor are committed in one transaction of the Vert.x client, which the raw archive and the outbox use, so a cursor
 * never runs ahead of what is stored.
 */
@ApplicationScoped
public class SyncStore {

    /** The counts one committed page added. */
    public record PageCounts(int items, int stored, int events) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;
    private final RawArchive archive;

    public SyncStore(Pool pool, RawArchive archive) {
        this.pool = pool;
        this.archive = archive;
    }

    /**
     * Records a new RUNNING run. Runs still RUNNING for this connector were left by an instance
     * that stopped mid-run (the caller holds the connector's lock, so none is really running):
     * they are closed as FAILED first, in the same transaction.
     */
    public Uni<SyncRun> begin(String connectorId, SyncRun.Trigger trigger) {
        return Panache.withTransaction(() -> SyncRunEntity.update("""
                status = 'FAILED', finishedAt = current_timestamp,
                    error = 'interrupted: the instance running this sync stopped before it finished'
                where connectorId = ?1 and status = 'RUNNING' and trigger <> ?2""", connectorId, SyncRun.Trigger.REPLAY)
                .chain(() -> {
                    SyncRunEntity run = new SyncRunEntity();
                    run.id = UUID.randomUUID().toString();
                    run.connectorId = connectorId;
                    run.trigger = trigger;
                    run.status = SyncRunEntity.RUNNING;
                    run.progress = emptyProgress();
                    return run.<SyncRunEntity>persistAndFlush();
                }))
                .map(SyncRunEntity::toRun);
    }

    /**
     * Records a replay of a connector as a RUNNING run with trigger REPLAY (its progress shows like a sync's). Replays
     * take no sync lock, so nothing else is closed here.
     */
    public Uni<SyncRun> beginReplay(String connectorId) {
        return Panache.withTransaction(() -> {
            SyncRunEntity run = new SyncRunEntity();
            run.id = UUID.randomUUID().toString();
            run.connectorId = connectorId;
            run.trigger = SyncRun.Trigger.REPLAY;
            run.status = SyncRunEntity.RUNNING;
            run.progress = emptyProgress();
            return run.<SyncRunEntity>persistAndFlush();
        }).map(SyncRunEntity::toRun);
    }

    /** Closes a replay's run; unlike {@link #finish}, the connector's lastSyncAt and lastError stay (no pull ran). */
    public Uni<Void> finishReplay(String runId, boolean succeeded, String error) {
        return Panache.withTransaction(() -> SyncRunEntity.update(
                "status = ?1, finishedAt = current_timestamp, error = ?2, waitReason = null, waitUntil = null where id = ?3",
                succeeded ? "SUCCEEDED" : "FAILED", error, runId)).replaceWithVoid();
    }

    /** The run of a connector that is RUNNING, if any. */
    public Uni<Optional<SyncRun>> running(String connectorId) {
        return Panache.withSession(() -> SyncRunEntity.<SyncRunEntity>find("connectorId = ?1 and status = ?2 and trigger <> ?3",
                        Sort.descending("startedAt"), connectorId, SyncRunEntity.RUNNING, SyncRun.Trigger.REPLAY).firstResult())
                .map(run -> Optional.ofNullable(run).map(SyncRunEntity::toRun));
    }

    /** A connector's most recent runs, newest first. */
    public Uni<List<SyncRun>> runs(String connectorId, int limit) {
        return Panache.withSession(() -> SyncRunEntity.<SyncRunEntity>find("connectorId", Sort.descending("startedAt").and("id"),
                        connectorId).range(0, limit - 1).list())
                .map(rows -> rows.stream().map(SyncRunEntity::toRun).toList());
    }

    /** One page of a connector's runs, newest first, and how many runs it has in all. */
    public record RunPage(List<SyncRun> runs, String nextCursor, long total) {
    }

    /**
     * A connector's runs, newest first, {@code first} of them after the run {@code after} names (a
     * {@link RunPage#nextCursor}: keyset paging on start time and id, so runs that start meanwhile shift nothing).
     *
     * @throws IllegalArgumentException for a cursor this store did not write
     */
    public Uni<RunPage> page(String connectorId, int first, String after) {
        Instant afterStart = null;
        String afterId = null;
        if (after != null && !after.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("after: not a cursor of this list");
            }
            int bar = decoded.indexOf('|');
            afterStart = bar < 0 ? null : ToolTime.parse(decoded.substring(0, bar));
            if (afterStart == null) {
                throw new IllegalArgumentException("after: not a cursor of this list");
            }
            afterId = decoded.substring(bar + 1);
        }
        Sort newestFirst = Sort.descending("startedAt", "id");
        Instant start = afterStart;
        String id = afterId;
        return Panache.withSession(() -> {
            var query = start == null
                    ? SyncRunEntity.<SyncRunEntity>find("connectorId = ?1", newestFirst, connectorId)
                    : SyncRunEntity.<SyncRunEntity>find("connectorId = ?1 and (startedAt < ?2 or (startedAt = ?2 and id < ?3))",
                            newestFirst, connectorId, start, id);
            return query.range(0, first).list().chain(rows -> SyncRunEntity.count("connectorId", connectorId).map(total -> {
                List<SyncRun> runs = rows.stream().limit(first).map(SyncRunEntity::toRun).toList();
                String next = null;
                if (rows.size() > first) {
                    SyncRun last = runs.get(runs.size() - 1);
                    next = Base64.getUrlEncoder().withoutPadding()
                            .encodeToString((last.startedAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
                }
                return new RunPage(runs, next, total);
            }));
        });
    }

    /** The newest run of a connector (the running one, if one runs), or none before its first. */
    public Uni<Optional<SyncRun>> latest(String connectorId) {
        return Panache.withSession(() -> SyncRunEntity.<SyncRunEntity>find("connectorId", Sort.descending("startedAt", "id"),
                        connectorId).firstResult())
                .map(run -> Optional.ofNullable(run).map(SyncRunEntity::toRun));
    }

    /**
     * Writes what a run is doing now (its phase, last request, rate-limit wait) and, when given, its counts, so that
     * any instance answers the progress of a run going on in another.
     *
     * @param counts pages, items, stored, events of a run that commits no pages of its own (a replay); null to leave
     *               them (a pull's pages move them in {@link #commitPage})
     */
    public Uni<Void> live(String runId, SyncRun.Live live, int[] counts) {
        Object[] args = {runId, live.phase(), live.endpoint(), live.phaseItems(), live.phaseTotal(), utc(live.phaseStarted()),
            live.requests(), live.rateLimitWaits(), live.waitReason(), utc(live.waitUntil()), utc(live.updatedAt()),
            counts == null ? null : counts[0], counts == null ? null : counts[1], counts == null ? null : counts[2],
            counts == null ? null : counts[3]};
        return pool.preparedQuery("""
                update ingest.sync_run set phase = $2, endpoint = $3, phase_items = $4, phase_total = $5, phase_started = $6,
                    requests = $7, rate_limit_waits = $8, wait_reason = $9, wait_until = $10, updated_at = $11,
                    pages = coalesce($12, pages), items = coalesce($13, items), stored = coalesce($14, stored),
                    events = coalesce($15, events)
                where id = $1 and status = 'RUNNING'""").execute(Tuple.from(args)).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /** The cursors of a connector: resource -> updated-since instant. */
    public Uni<Map<String, Instant>> cursors(String connectorId) {
        return pool.preparedQuery("select resource, cursor from ingest.sync_cursor where connector_id = $1")
                .execute(Tuple.of(connectorId)).map(rows -> {
                    Map<String, Instant> out = new HashMap<>();
                    rows.forEach(r -> {
                        Instant t = ToolTime.parse(r.getString("cursor"));
                        if (t != null) {
                            out.put(r.getString("resource"), t);
                        }
                    });
                    return out;
                });
    }

    /**
     * Commits one page: each object as a raw row (an object version already stored is skipped,
     * with its events), the events in the outbox, the run's counts and progress, and, when given,
     * the resource's new cursor.
     *
     * @param cursor the resource's new updated-since, or null to keep it (e.g. a listing sorted
     *               newest first moves its cursor only once it is read to the end)
     */
    public Uni<PageCounts> commitPage(String runId, String connectorId, String channel, String resource, List<Pulled> items,
            Instant cursor, JsonNode progress) {
        return pool.withTransaction(conn -> {
            int[] stored = new int[2];
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Pulled p : items) {
                Map<String, String> headers = new java.util.TreeMap<>(p.metadata());
                headers.put("x-flowlens-resource-url", p.url());
                List<JsonNode> events = new ArrayList<>(p.events());
                chain = chain.chain(() -> archive.storeDelivery(conn, channel, connectorId, p.version(), headers,
                        p.body().getBytes(StandardCharsets.UTF_8), events).invoke(rawId -> {
                            if (rawId.isPresent()) {
                                stored[0]++;
                                stored[1] += events.size();
                            }
                        }).replaceWithVoid());
            }
            if (cursor != null) {
                chain = chain.chain(() -> conn.preparedQuery("""
                        insert into ingest.sync_cursor (connector_id, resource, cursor) values ($1, $2, $3)
                        on conflict (connector_id, resource) do update set cursor = excluded.cursor, updated_at = now()""")
                        .execute(Tuple.of(connectorId, resource, cursor.toString())).replaceWithVoid());
            }
            return chain.chain(() -> conn.preparedQuery("""
                    update ingest.sync_run set pages = pages + 1, items = items + $2, stored = stored + $3, events = events + $4,
                        progress = $5 where id = $1""")
                    .execute(Tuple.from(new Object[] {runId, items.size(), stored[0], stored[1], new JsonObject(progress.toString())})))
                    .map(x -> new PageCounts(items.size(), stored[0], stored[1]));
        });
    }

    /**
     * Closes a run and records it on its connector, in one transaction: {@code last_sync_at} and no
     * {@code last_error} on success; {@code last_error} (and the old {@code last_sync_at}) on failure. The times are
     * the database's ({@code current_timestamp}), like {@code started_at}.
     */
    public Uni<Void> finish(String runId, String connectorId, boolean succeeded, String error, JsonNode progress) {
        return Panache.withTransaction(() -> SyncRunEntity.update(
                        "status = ?1, finishedAt = current_timestamp, error = ?2, progress = ?3, waitReason = null, waitUntil = null "
                                + "where id = ?4",
                        succeeded ? "SUCCEEDED" : "FAILED", error, progress, runId)
                .chain(() -> succeeded
                        ? ConnectorEntity.update("lastSyncAt = current_timestamp, lastError = null where id = ?1", connectorId)
                        : ConnectorEntity.update("lastError = ?1 where id = ?2", error, connectorId)))
                .replaceWithVoid();
    }

    /** The progress of a run that fetched nothing. */
    public com.fasterxml.jackson.databind.node.ObjectNode emptyProgress() {
        return JSON.createObjectNode();
    }
}
