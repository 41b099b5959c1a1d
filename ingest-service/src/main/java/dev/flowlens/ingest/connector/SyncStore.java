package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.ingest.raw.RawArchive;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The pull's tables: {@code ingest.sync_run} (one row per run, its counts and progress) and
 * {@code ingest.sync_cursor} (per connector and resource, where the next run starts). A page of
 * pulled objects, their outbox events, the run's counts and the resource's cursor are committed in
 * one transaction, so a cursor never runs ahead of what is stored.
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
     * they are closed as FAILED first.
     */
    public Uni<SyncRun> begin(SqlConnection conn, String connectorId, SyncRun.Trigger trigger) {
        String id = UUID.randomUUID().toString();
        return conn.preparedQuery("""
                update ingest.sync_run set status = 'FAILED', finished_at = now(),
                    error = 'interrupted: the instance running this sync stopped before it finished'
                where connector_id = $1 and status = 'RUNNING'""").execute(Tuple.of(connectorId))
                .chain(() -> conn.preparedQuery("""
                        insert into ingest.sync_run (id, connector_id, trigger, status) values ($1, $2, $3, 'RUNNING')
                        returning *""").execute(Tuple.of(id, connectorId, trigger.name())))
                .map(rows -> read(rows.iterator().next()));
    }

    /** The run of a connector that is RUNNING, if any. */
    public Uni<Optional<SyncRun>> running(String connectorId) {
        return pool.preparedQuery("select * from ingest.sync_run where connector_id = $1 and status = 'RUNNING' order by started_at desc limit 1")
                .execute(Tuple.of(connectorId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(read(rows.iterator().next())) : Optional.empty());
    }

    /** A connector's most recent runs, newest first. */
    public Uni<List<SyncRun>> runs(String connectorId, int limit) {
        return pool.preparedQuery("select * from ingest.sync_run where connector_id = $1 order by started_at desc, id limit $2")
                .execute(Tuple.of(connectorId, limit)).map(rows -> {
                    List<SyncRun> out = new ArrayList<>();
                    rows.forEach(r -> out.add(read(r)));
                    return out;
                });
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
     * Closes a run and records it on its connector: {@code last_sync_at} and no {@code last_error}
     * on success; {@code last_error} (and the old {@code last_sync_at}) on failure.
     */
    public Uni<Void> finish(String runId, String connectorId, boolean succeeded, String error, JsonNode progress) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update ingest.sync_run set status = $2, finished_at = now(), error = $3, progress = $4 where id = $1""")
                .execute(Tuple.from(new Object[] {runId, succeeded ? "SUCCEEDED" : "FAILED", error, new JsonObject(progress.toString())}))
                .chain(() -> succeeded
                        ? conn.preparedQuery("update ingest.connector set last_sync_at = now(), last_error = null where id = $1")
                                .execute(Tuple.of(connectorId))
                        : conn.preparedQuery("update ingest.connector set last_error = $2 where id = $1")
                                .execute(Tuple.of(connectorId, error)))
                .replaceWithVoid());
    }

    /** The progress of a run that fetched nothing. */
    public com.fasterxml.jackson.databind.node.ObjectNode emptyProgress() {
        return JSON.createObjectNode();
    }

    private static SyncRun read(Row r) {
        JsonNode progress;
        try {
            Object raw = r.getValue("progress");
            progress = JSON.readTree(raw == null ? "{}" : raw.toString());
        } catch (IOException e) {
            progress = JSON.createObjectNode();
        }
        return new SyncRun(r.getString("id"), r.getString("connector_id"), SyncRun.Trigger.valueOf(r.getString("trigger")),
                r.getString("status"), instant(r.getOffsetDateTime("started_at")), instant(r.getOffsetDateTime("finished_at")),
                r.getInteger("pages"), r.getInteger("items"), r.getInteger("stored"), r.getInteger("events"), progress,
                r.getString("error"));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    }
}
