package dev.flowlens.ingest.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.FlowEventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.flowlens.ingest.config.IngestConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

    /**
     * One statement stores a group of received requests: their raw rows (a delivery id already stored for the same
     * channel and connector, or earlier in the same group, is a redelivery and skipped), the events of the rows kept
     * into the outbox, and those into outbox_pending. It answers the ordinal and raw id of every row kept. One
     * statement is atomic on its own, so a group needs no BEGIN and COMMIT round trips. Ids are drawn first (the
     * CTE is materialized, so each row draws once) because an INSERT's RETURNING cannot say which input row it was.
     * Bodies and event payloads are sent as their UTF-8 bytes ({@code bytea}) and made text by the server
     * ({@code convert_from}): sent as Java strings, the client re-encoded every character of a 15 KB body one by one
     * (Netty's {@code writeUtf8}, with the decoding before it a tenth of ingest-service's CPU under webhook load).
     */
    static final String STORE_SQL = """
            with r as materialized (
                select nextval(pg_get_serial_sequence('ingest.raw_payload', 'id')) as id, d.n, d.channel,
                       d.connector_id, d.delivery_id, d.headers, d.body
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])
                     with ordinality as d(channel, connector_id, delivery_id, headers, body, n)),
            kept as (
                insert into ingest.raw_payload (id, channel, connector_id, delivery_id, headers, body)
                overriding system value
                select id, channel, connector_id, delivery_id, headers::jsonb, convert_from(body, 'UTF8') from r order by n
                on conflict (channel, connector_id, delivery_id) where delivery_id is not null do nothing
                returning id),
            added as (
                insert into ingest.outbox (raw_id, event_id, event_type, payload)
                select r.id, e.id, e.type, convert_from(e.payload, 'UTF8')
                from unnest($6::int[], $7::text[], $8::text[], $9::bytea[]) with ordinality as e(request, id, type, payload, n)
                join r on r.n = e.request
                join kept on kept.id = r.id
                order by e.n
                returning id),
            queued as (
                insert into ingest.outbox_pending (outbox_id) select id from added)
            select r.n, r.id from r join kept on kept.id = r.id""";

    private final Pool pool;
    private final GroupCommit<Received, Optional<Long>> groups;

    public RawArchive(Pool pool, IngestConfig config, MeterRegistry registry) {
        this.pool = pool;
        IngestConfig.Commit c = config.commit();
        DistributionSummary groupSizes = DistributionSummary.builder("flowlens.ingest.commit.group")
                .description("Requests stored by one group commit statement").register(registry);
        this.groups = new GroupCommit<>(new GroupCommit.Limits(c.writers(), c.maxRequests(), c.maxEvents(), c.maxBytes()),
                group -> write(pool, group), r -> r.events().size(), r -> r.body().length, groupSizes::record);
        Gauge.builder("flowlens.ingest.commit.waiting", groups, GroupCommit::waiting)
                .description("Requests waiting for a group commit writer").register(registry);
    }

    /**
     * A request as received: where it came from, the body as the text column will hold it ({@link #textBytes}), the
     * canonical events it maps to.
     */
    public record Received(String channel, String connectorId, String deliveryId, Map<String, String> headers,
            byte[] body, List<JsonNode> events) {
    }

    /**
     * Stores a raw body and its events in the outbox (group commit with whatever else is arriving).
     *
     * @param channel where it came from, e.g. {@code api}
     * @param body    the body exactly as received
     * @param events  the validated canonical events found in it
     * @return the id of the raw row
     */
    public Uni<Long> store(String channel, byte[] body, List<JsonNode> events) {
        return groups.submit(new Received(channel, null, null, Map.of(), textBytes(body), events))
                .map(id -> id.orElseThrow(() -> new IllegalStateException("a body without delivery id was not stored")));
    }

    /**
     * Stores a webhook delivery (its body verbatim, its headers without secrets, the tool's
     * delivery id) and its events in the outbox, atomically (group commit with whatever else is
     * arriving). A delivery id already stored for the same channel and connector is a redelivery:
     * nothing is written.
     *
     * @param channel    e.g. {@code webhook:github}
     * @param deliveryId the tool's delivery id; null stores without redelivery detection
     * @param headers    the request headers worth keeping (never signatures or tokens)
     * @return the new raw row's id, or empty for a redelivery
     */
    public Uni<Optional<Long>> storeDelivery(String channel, String connectorId, String deliveryId,
            Map<String, String> headers, byte[] body, List<JsonNode> events) {
        return groups.submit(new Received(channel, connectorId, deliveryId, headers, textBytes(body), events));
    }

    /**
     * {@link #storeDelivery(String, String, String, Map, byte[], List)} inside a transaction the
     * caller owns: the pull commits a page of objects and its cursor together.
     */
    public Uni<Optional<Long>> storeDelivery(SqlConnection conn, String channel, String connectorId, String deliveryId,
            Map<String, String> headers, byte[] body, List<JsonNode> events) {
        return write(conn, List.of(new Received(channel, connectorId, deliveryId, headers, textBytes(body), events)))
                .map(ids -> ids.get(0));
    }

    /** Stores a group in one statement; one result per request, in order: its raw id, or empty for a redelivery. */
    static Uni<List<Optional<Long>>> write(SqlClient client, List<Received> group) {
        int n = group.size();
        String[] channels = new String[n];
        String[] connectors = new String[n];
        String[] deliveries = new String[n];
        String[] headers = new String[n];
        Buffer[] bodies = new Buffer[n];
        Outbox[] outboxes = new Outbox[n];
        int eventCount = 0;
        for (int i = 0; i < n; i++) {
            outboxes[i] = Outbox.of(group.get(i).events());
            eventCount += outboxes[i].ids().length;
        }
        Integer[] requests = new Integer[eventCount];
        String[] ids = new String[eventCount];
        String[] types = new String[eventCount];
        Buffer[] payloads = new Buffer[eventCount];
        int e = 0;
        for (int i = 0; i < n; i++) {
            Received r = group.get(i);
            channels[i] = r.channel();
            connectors[i] = r.connectorId();
            deliveries[i] = r.deliveryId();
            JsonObject h = new JsonObject();
            r.headers().forEach(h::put);
            headers[i] = h.encode();
            bodies[i] = Buffer.buffer(r.body());
            Outbox o = outboxes[i];
            int k = o.ids().length;
            Arrays.fill(requests, e, e + k, i + 1);
            System.arraycopy(o.ids(), 0, ids, e, k);
            System.arraycopy(o.types(), 0, types, e, k);
            System.arraycopy(o.payloads(), 0, payloads, e, k);
            e += k;
        }
        return client.preparedQuery(STORE_SQL)
                .execute(Tuple.from(new Object[] {channels, connectors, deliveries, headers, bodies, requests, ids, types,
                        payloads}))
                .map(rows -> {
                    List<Optional<Long>> out = new ArrayList<>(Collections.nCopies(n, Optional.<Long>empty()));
                    for (Row row : rows) {
                        out.set(row.getLong(0).intValue() - 1, Optional.of(row.getLong(1)));
                    }
                    return out;
                });
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

    /**
     * {@link #text(byte[])} as UTF-8 bytes: the body itself when it is valid UTF-8 without a NUL (every JSON body a
     * tool sends), so the usual body is neither decoded nor encoded again.
     */
    static byte[] textBytes(byte[] body) {
        return validUtf8WithoutNul(body) ? body : text(body).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether the bytes are well-formed UTF-8 (no overlong form, no surrogate, nothing above U+10FFFF: what both
     * Java's decoder and PostgreSQL accept) and hold no U+0000.
     */
    static boolean validUtf8WithoutNul(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n) {
            int x = b[i];
            if (x > 0) {
                i++;
                continue;
            }
            if (x == 0) {
                return false;
            }
            x &= 0xFF;
            if (x < 0xC2 || x > 0xF4) {
                return false; // a continuation byte, an overlong two-byte lead, or no lead at all
            }
            int len = x < 0xE0 ? 2 : x < 0xF0 ? 3 : 4;
            if (i + len > n) {
                return false;
            }
            int y = b[i + 1] & 0xFF;
            if (x == 0xE0 && y < 0xA0 || x == 0xED && y > 0x9F || x == 0xF0 && y < 0x90 || x == 0xF4 && y > 0x8F) {
                return false; // overlong three or four bytes, a surrogate, above U+10FFFF
            }
            for (int k = 1; k < len; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += len;
        }
        return true;
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
    private record Outbox(String[] ids, String[] types, Buffer[] payloads) {

        /** The rows of these events, each stamped with one new mapping revision. */
        static Outbox of(List<JsonNode> events) {
            String[] ids = new String[events.size()];
            String[] types = new String[events.size()];
            Buffer[] payloads = new Buffer[events.size()];
            long revision = events.isEmpty() ? 0L : nextRevision();
            for (int i = 0; i < events.size(); i++) {
                JsonNode e = events.get(i);
                if (e instanceof ObjectNode o) {
                    FlowEventCodec.stamp(o, revision);
                }
                ids[i] = e.get("id").asText();
                types[i] = e.get("type").asText();
                payloads[i] = Buffer.buffer(textBytes(FlowEventCodec.toBytes(e)));
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
                        select $1, e.id, e.type, convert_from(e.payload, 'UTF8')
                        from unnest($2::text[], $3::text[], $4::bytea[]) with ordinality as e(id, type, payload, n)
                        order by e.n
                        returning id)
                    insert into ingest.outbox_pending (outbox_id) select id from added""")
                    .execute(Tuple.of(rawId, ids, types, payloads)).replaceWithVoid();
        }
    }
}
