package dev.flowlens.ingest.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.FlowEventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commits what was received, verbatim, together with the canonical events it maps to, in one
 * transaction: once this completes, nothing accepted can be lost (ARCHITECTURE.md, "Guarantees").
 *
 * <p>Every event put into the outbox, whatever the channel (API, webhook, pull, replay), is stamped with the
 * {@value FlowEvent#MAPPED_ATTRIBUTE} extension attribute: the instant it was mapped or accepted, strictly increasing
 * within this process. A value a client sent is replaced. metrics-service lets the higher stamp of the same event id
 * win, so a replay after a mapping fix replaces what the old mapping said (docs/decisions.md, "Replay: newer mapping
 * wins").
 */
@ApplicationScoped
public class RawArchive {

    /** The last stamp handed out, in microseconds since the epoch. */
    private static final AtomicLong LAST_REVISION = new AtomicLong();

    private final Pool pool;

    public RawArchive(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores a raw body and its events in the outbox.
     *
     * @param channel where it came from, e.g. {@code api}
     * @param body    the body exactly as received
     * @param events  the validated canonical events found in it
     * @return the id of the raw row
     */
    public Uni<Long> store(String channel, byte[] body, List<JsonNode> events) {
        Outbox rows = Outbox.of(events);
        String raw = text(body);
        return pool.withTransaction(conn -> conn
                .preparedQuery("insert into ingest.raw_payload (channel, body) values ($1, $2) returning id")
                .execute(Tuple.of(channel, raw))
                .map(r -> r.iterator().next().getLong(0))
                .call(rawId -> rows.insert(conn, rawId)));
    }

    /**
     * Stores a webhook delivery (its body verbatim, its headers without secrets, the tool's
     * delivery id) and its events in the outbox, in one transaction. A delivery id already stored
     * for the same channel and connector is a redelivery: nothing is written.
     *
     * @param channel    e.g. {@code webhook:github}
     * @param deliveryId the tool's delivery id; null stores without redelivery detection
     * @param headers    the request headers worth keeping (never signatures or tokens)
     * @return the new raw row's id, or empty for a redelivery
     */
    public Uni<Optional<Long>> storeDelivery(String channel, String connectorId, String deliveryId,
            Map<String, String> headers, byte[] body, List<JsonNode> events) {
        return pool.withTransaction(conn -> storeDelivery(conn, channel, connectorId, deliveryId, headers, body, events));
    }

    /**
     * {@link #storeDelivery(String, String, String, Map, byte[], List)} inside a transaction the
     * caller owns: the pull commits a page of objects and its cursor together.
     */
    public Uni<Optional<Long>> storeDelivery(SqlConnection conn, String channel, String connectorId, String deliveryId,
            Map<String, String> headers, byte[] body, List<JsonNode> events) {
        Outbox rows = Outbox.of(events);
        String raw = text(body);
        JsonObject headerJson = new JsonObject();
        headers.forEach(headerJson::put);
        return conn
                .preparedQuery("""
                        insert into ingest.raw_payload (channel, connector_id, delivery_id, headers, body)
                        values ($1, $2, $3, $4, $5)
                        on conflict (channel, connector_id, delivery_id) where delivery_id is not null do nothing
                        returning id""")
                .execute(Tuple.from(new Object[] {channel, connectorId, deliveryId, headerJson, raw}))
                .map(r -> r.iterator().hasNext() ? Optional.of(r.iterator().next().getLong(0)) : Optional.<Long>empty())
                .call(rawId -> rawId.isPresent() ? rows.insert(conn, rawId.get()) : Uni.createFrom().voidItem());
    }

    /**
     * The body as the text column holds it: decoded as UTF-8 (a byte that is not UTF-8 becomes U+FFFD), and
     * U+0000, which PostgreSQL text cannot hold, also U+FFFD. Only a body that is not JSON can carry a raw NUL
     * (JSON escapes control characters), so nothing a mapper could read is changed.
     */
    static String text(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
    }

    /** Puts events re-mapped from an already stored raw row into the outbox again (replay). */
    public Uni<Void> appendEvents(long rawId, List<JsonNode> events) {
        Outbox rows = Outbox.of(events);
        return pool.withTransaction(conn -> rows.insert(conn, rawId)).replaceWithVoid();
    }

    /**
     * The next mapping revision: now in microseconds since the epoch, but always above the last one handed out, so
     * that a replay right after an ingest still stamps higher.
     */
    static long nextRevision() {
        long now = FlowEvent.revisionOf(Instant.now());
        return LAST_REVISION.accumulateAndGet(now, (last, n) -> Math.max(last + 1, n));
    }

    /** Outbox rows of one raw payload, as the arrays one {@code unnest} insert takes. */
    private record Outbox(String[] ids, String[] types, String[] payloads) {

        /** The rows of these events, each stamped with one new mapping revision. */
        static Outbox of(List<JsonNode> events) {
            String[] ids = new String[events.size()];
            String[] types = new String[events.size()];
            String[] payloads = new String[events.size()];
            long revision = events.isEmpty() ? 0L : nextRevision();
            for (int i = 0; i < events.size(); i++) {
                JsonNode e = events.get(i);
                if (e instanceof ObjectNode o) {
                    FlowEventCodec.stamp(o, revision);
                }
                ids[i] = e.get("id").asText();
                types[i] = e.get("type").asText();
                payloads[i] = new String(FlowEventCodec.toBytes(e), StandardCharsets.UTF_8);
            }
            return new Outbox(ids, types, payloads);
        }

        Uni<Void> insert(SqlConnection conn, long rawId) {
            if (ids.length == 0) {
                return Uni.createFrom().voidItem();
            }
            return conn.preparedQuery("""
                    with added as (
                        insert into ingest.outbox (raw_id, event_id, event_type, payload)
                        select $1, e.id, e.type, e.payload
                        from unnest($2::text[], $3::text[], $4::text[]) with ordinality as e(id, type, payload, n)
                        order by e.n
                        returning id)
                    insert into ingest.outbox_pending (outbox_id) select id from added""")
                    .execute(Tuple.of(rawId, ids, types, payloads)).replaceWithVoid();
        }
    }
}
