package dev.flowlens.ingest.raw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Commits what was received, verbatim, together with the canonical events it maps to, in one
 * transaction: once this completes, nothing accepted can be lost (ARCHITECTURE.md, "Guarantees").
 */
@ApplicationScoped
public class RawArchive {

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
        String[] ids = new String[events.size()];
        String[] types = new String[events.size()];
        String[] payloads = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            ids[i] = e.get("id").asText();
            types[i] = e.get("type").asText();
            payloads[i] = new String(FlowEventCodec.toBytes(e), StandardCharsets.UTF_8);
        }
        String raw = new String(body, StandardCharsets.UTF_8);
        return pool.withTransaction(conn -> conn
                .preparedQuery("insert into ingest.raw_payload (channel, body) values ($1, $2) returning id")
                .execute(Tuple.of(channel, raw))
                .map(rows -> rows.iterator().next().getLong(0))
                .call(rawId -> conn.preparedQuery("""
                        insert into ingest.outbox (raw_id, event_id, event_type, payload)
                        select $1, e.id, e.type, e.payload
                        from unnest($2::text[], $3::text[], $4::text[]) with ordinality as e(id, type, payload, n)
                        order by e.n""")
                        .execute(Tuple.of(rawId, ids, types, payloads))));
    }
}
