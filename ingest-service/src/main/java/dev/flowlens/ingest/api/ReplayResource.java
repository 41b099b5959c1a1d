package dev.flowlens.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.pull.PullClock;
import dev.flowlens.ingest.connector.pull.RunProgress;
import dev.flowlens.ingest.connector.store.ConnectorStore;
import dev.flowlens.ingest.connector.store.SyncRun;
import dev.flowlens.ingest.connector.store.SyncStore;
import dev.flowlens.ingest.connector.webhook.WebhookIntake;
import dev.flowlens.ingest.outbox.OutboxRelay;
import dev.flowlens.ingest.raw.RawArchive;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /internal/v1/replay}: maps stored raw payloads again with today's mappers, webhook
 * deliveries ({@code webhook:*}) and pulled objects ({@code pull:*}, by the resource stored with
 * each), and puts the events in the outbox as new rows. Ids are the same as the first time
 * wherever the identity of a fact did not change; each replayed event carries a new, higher mapping
 * revision ({@code flowlensmapped}, stamped by {@link RawArchive}), so metrics-service replaces what
 * the old mapping said under the same id (docs/decisions.md, "Replay: newer mapping wins"). A fact
 * the new mapping no longer produces at all is not retracted (docs/connectors.md, "Replay"). A replay of one
 * connector is recorded as its run with trigger REPLAY, whose progress (payloads re-mapped of the total, events
 * queued) shows like a sync's.
 */
@Path("/internal/v1/replay")
@RolesAllowed(Roles.SERVICE)
public class ReplayResource {

    /** Optional filter: one connector's payloads only. */
    public record ReplayRequest(String connectorId) {
    }

    /** How many raw payloads were read and how many events were queued. */
    public record ReplayResult(long payloads, long events) {
    }

    private static final Logger LOG = Logger.getLogger(ReplayResource.class);
    private static final int PAGE = 200;

    private final Pool pool;
    private final ConnectorStore store;
    private final WebhookIntake intake;
    private final RawArchive archive;
    private final OutboxRelay relay;
    private final SyncStore runs;
    private final PullClock clock;

    public ReplayResource(Pool pool, ConnectorStore store, WebhookIntake intake, RawArchive archive, OutboxRelay relay,
            SyncStore runs, PullClock clock) {
        this.runs = runs;
        this.clock = clock;
        this.pool = pool;
        this.store = store;
        this.intake = intake;
        this.archive = archive;
        this.relay = relay;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ReplayResult> replay(ReplayRequest request) {
        String connector = request == null ? null : request.connectorId();
        if (connector == null) {
            // every connector: no one run to report on (runs belong to connectors); the pages are logged
            return page(connector, 0L, new HashMap<>(), new long[2], null).invoke(r -> relay.wakeUp());
        }
        return store.find(connector).chain(found -> found.isEmpty()
                ? page(connector, 0L, new HashMap<>(), new long[2], null) // rows of a deleted connector: read, not mapped
                : runs.beginReplay(connector).chain(run -> replayAsRun(connector, run)))
                .invoke(r -> relay.wakeUp());
    }

    /** A replay of one connector, reported as its run with trigger REPLAY (progress, history), like a sync. */
    private Uni<ReplayResult> replayAsRun(String connector, SyncRun run) {
        RunProgress progress = new RunProgress(run.id(), connector, "stored payloads", runs, clock).countingItself();
        return pool.preparedQuery("""
                select count(*) from ingest.raw_payload
                where (channel like 'webhook:%' or channel like 'pull:%') and connector_id = $1""")
                .execute(Tuple.of(connector)).map(rows -> rows.iterator().next().getLong(0))
                .chain(progress::replayStarted)
                .chain(() -> page(connector, 0L, new HashMap<>(), new long[2], progress))
                .call(r -> runs.finishReplay(run.id(), true, null))
                .onFailure().call(e -> runs.finishReplay(run.id(), false, "replay failed: " + e.getMessage())
                        .onFailure().recoverWithNull());
    }

    /** Replays the rows after {@code afterId}, one page at a time (keyset paging: no offset scans). */
    private Uni<ReplayResult> page(String connector, long afterId, Map<String, Optional<ConnectorSettings>> settings, long[] counts,
            RunProgress progress) {
        return pool.preparedQuery("""
                select id, channel, connector_id, headers, body from ingest.raw_payload
                where (channel like 'webhook:%' or channel like 'pull:%') and id > $1 and ($2::text is null or connector_id = $2)
                order by id limit $3""")
                .execute(Tuple.of(afterId, connector, PAGE))
                .onItem().transformToUni(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    if (list.isEmpty()) {
                        return Uni.createFrom().item(new ReplayResult(counts[0], counts[1]));
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row r : list) {
                        chain = chain.chain(() -> replayRow(r, settings, counts));
                    }
                    long last = list.get(list.size() - 1).getLong("id");
                    long eventsBefore = counts[1];
                    if (progress != null) {
                        chain = chain.chain(() -> progress.replayed(list.size(), (int) (counts[1] - eventsBefore)));
                    }
                    return chain.chain(() -> page(connector, last, settings, counts, progress));
                });
    }

    private Uni<Void> replayRow(Row r, Map<String, Optional<ConnectorSettings>> settings, long[] counts) {
        String connectorId = r.getString("connector_id");
        Uni<Optional<ConnectorSettings>> s = settings.containsKey(connectorId) ? Uni.createFrom().item(settings.get(connectorId))
                : store.find(connectorId).map(f -> f.map(ConnectorStore.Stored::settings)).invoke(v -> settings.put(connectorId, v));
        return s.chain(found -> {
            counts[0]++;
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem(); // connector deleted: its raw rows stay, unmapped
            }
            Object h = r.getValue("headers");
            JsonObject headers = h instanceof JsonObject j ? j : new JsonObject(String.valueOf(h));
            byte[] body = r.getString("body").getBytes(StandardCharsets.UTF_8);
            List<JsonNode> events;
            if (r.getString("channel").startsWith("pull:")) {
                events = mapPulled(found.get(), headers, body, r.getLong("id"));
            } else {
                String kind = headers.getString("x-github-event", headers.getString("x-gitlab-event"));
                events = intake.map(found.get(), kind, body, "replay of raw " + r.getLong("id"));
            }
            counts[1] += events.size();
            return archive.appendEvents(r.getLong("id"), events);
        });
    }

    /** A pulled object, mapped as its pull mapped it: by the resource stored in its headers. */
    private List<JsonNode> mapPulled(ConnectorSettings settings, JsonObject headers, byte[] body, long rawId) {
        String resource = headers.getString(Pulled.RESOURCE);
        if (resource == null) {
            LOG.warnf("raw %d: a pulled row without %s cannot be replayed (stored before replay of pulls existed)", rawId, Pulled.RESOURCE);
            return List.of();
        }
        Map<String, String> metadata = new HashMap<>();
        headers.forEach(e -> metadata.put(e.getKey(), String.valueOf(e.getValue())));
        try {
            JsonNode payload = FlowEventCodec.readTree(body);
            if (payload == null || !payload.isObject()) {
                return List.of();
            }
            return new ArrayList<>(intake.mapper(settings).mapPulled(resource, payload, metadata).events());
        } catch (RuntimeException e) {
            LOG.warnf("raw %d (%s) could not be mapped: %s", rawId, resource, e.getMessage());
            return List.of();
        }
    }
}
