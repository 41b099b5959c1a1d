package dev.flowlens.ingest.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.config.IngestConfig;
import dev.flowlens.ingest.connector.ConnectorConfig;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.ToolConnector;
import dev.flowlens.ingest.connector.ToolMapper;
import dev.flowlens.ingest.connector.store.ConnectorStore;
import dev.flowlens.ingest.connector.store.SecretBox;
import dev.flowlens.ingest.outbox.OutboxRelay;
import dev.flowlens.ingest.raw.RawArchive;
import dev.flowlens.problem.BadInputException;
import dev.flowlens.problem.NotFoundException;
import dev.flowlens.problem.UnauthorizedException;
import dev.flowlens.problem.UnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The shared webhook path (CONVENTIONS.md "Raw first"): find the connector, check the tool's
 * signature, then commit the body, its headers and delivery id together with the mapped events,
 * and answer 202. Nothing is stored for an unknown connector (404) or a bad signature (401); those refusals are
 * problem details (the service's one mapper answers them). What
 * reaches this has passed {@link WebhookGate} (known connector, size, byte budget) before its body was read. A
 * body the mapper cannot use is still kept and acknowledged, so a later mapper can replay it.
 */
@ApplicationScoped
public class WebhookIntake {

    /** Checks one delivery's signature against the connector's secret. */
    @FunctionalInterface
    public interface Verifier {
        boolean verify(String secret, byte[] body, HttpHeaders headers);
    }

    /** Answer of an accepted webhook delivery: the events mapped from it, or {@code duplicate} for a redelivery. */
    public record Answer(Integer events, Boolean duplicate) {
    }

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);
    /**
     * Longest delivery id accepted (the tools send UUIDs). The id is part of the unique index that detects
     * redeliveries, and a btree index entry cannot exceed about 2,700 bytes: a longer id could never be
     * stored, so it is refused (400) instead of being answered 503 on every retry.
     */
    public static final int MAX_DELIVERY_ID = 1000;
    /** Never stored: they authenticate, and a stored token would be a stored secret. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "x-gitlab-token", "x-hub-signature", "x-hub-signature-256", "x-pagerduty-signature", "x-flowlens-token");

    private final ConnectorStore store;
    private final SecretBox secrets;
    private final RawArchive archive;
    private final OutboxRelay relay;
    private final IngestConfig config;
    private final Map<ConnectorKind, ToolConnector> tools = new java.util.EnumMap<>(ConnectorKind.class);
    private final long cacheTtlNanos;
    /** Connectors that exist, as read for recent deliveries (unknown ids are never kept, so the map stays small). */
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    /** A connector as read at {@code readAt} (nanoTime) when its store had seen {@code changes} saves. */
    private record Known(ConnectorStore.Stored connector, String secret, ToolMapper mapper, long changes, long readAt) {
    }

    public WebhookIntake(ConnectorStore store, SecretBox secrets, RawArchive archive, OutboxRelay relay, IngestConfig config,
            ConnectorConfig connectorConfig, Instance<ToolConnector> toolConnectors) {
        this.store = store;
        this.secrets = secrets;
        this.archive = archive;
        this.relay = relay;
        this.config = config;
        this.cacheTtlNanos = connectorConfig.cacheTtl().toNanos();
        toolConnectors.forEach(t -> tools.put(t.kind(), t));
    }

    /**
     * The connector, its opened webhook secret and its mapper: read again when older than the cache TTL or when a
     * save went through this instance since, else as read for an earlier delivery.
     */
    private Uni<Optional<Known>> connector(String connectorId) {
        long now = System.nanoTime();
        long changes = store.changes();
        Known k = known.get(connectorId);
        if (k != null && k.changes() == changes && now - k.readAt() < cacheTtlNanos) {
            return Uni.createFrom().item(Optional.of(k));
        }
        return store.find(connectorId).map(found -> {
            if (found.isEmpty()) {
                known.remove(connectorId);
                return Optional.<Known>empty();
            }
            ConnectorStore.Stored c = found.get();
            String secret = c.webhookSecretSealed() != null && secrets.ready() ? secrets.open(c.webhookSecretSealed()) : null;
            ToolConnector tool = tools.get(c.settings().kind());
            Known fresh = new Known(c, secret, tool == null ? null : tool.mapper(c.settings()), changes, now);
            if (secret != null && cacheTtlNanos > 0) {
                known.put(connectorId, fresh);
            } else {
                known.remove(connectorId);
            }
            return Optional.of(fresh);
        });
    }

    /** The mapper of a connector's tool. */
    public ToolMapper mapper(ConnectorSettings settings) {
        ToolConnector tool = tools.get(settings.kind());
        if (tool == null) {
            throw new IllegalStateException("no mapper for connector kind " + settings.kind());
        }
        return tool.mapper(settings);
    }

    /**
     * Handles one delivery.
     *
     * @param eventKind  the tool's event kind header (null when the kind is in the body)
     * @param deliveryId the tool's delivery id header (null: stored without redelivery detection)
     */
    public Uni<Response> receive(ConnectorKind kind, String connectorId, HttpHeaders headers, byte[] body,
            Verifier verifier, String eventKind, String deliveryId) {
        return connector(connectorId).onFailure().transform(failure -> notStored(kind, connectorId, failure))
                .onItem().transformToUni(found -> {
            if (found.isEmpty() || found.get().connector().settings().kind() != kind) {
                throw new NotFoundException(unknownConnector(kind, connectorId));
            }
            Known c = found.get();
            if (c.connector().webhookSecretSealed() == null) {
                throw new UnauthorizedException("connector '" + connectorId
                        + "' has no webhook secret; set one before sending webhooks");
            }
            if (c.secret() == null) {
                throw new UnavailableException(new SecretBox.NoKeyException().getMessage());
            }
            if (!verifier.verify(c.secret(), body, headers)) {
                throw new UnauthorizedException("missing or invalid webhook signature");
            }
            if (deliveryId != null && deliveryId.length() > MAX_DELIVERY_ID) {
                throw BadInputException.of("delivery id header is " + deliveryId.length() + " characters long, more than "
                        + MAX_DELIVERY_ID + "; nothing was stored");
            }
            List<JsonNode> events = map(c.connector().settings(), c.mapper(), eventKind, body, deliveryId);
            int count = events.size();
            return archive.storeDelivery("webhook:" + kind.pathName(), connectorId, deliveryId, keptHeaders(headers), body, events)
                    .onFailure().transform(failure -> notStored(kind, connectorId, failure))
                    .map(rawId -> {
                        if (rawId.isEmpty()) {
                            return Response.accepted(new Answer(0, true)).build();
                        }
                        relay.wakeUp();
                        return Response.accepted(new Answer(count, null)).build();
                    });
        });
    }

    /** The connector could not be read or the delivery not committed: nothing was accepted, the tool retries. */
    private UnavailableException notStored(ConnectorKind kind, String connectorId, Throwable failure) {
        LOG.errorf("webhook for %s connector %s not stored: %s", kind.pathName(), connectorId, failure.getMessage());
        return new UnavailableException("the delivery could not be stored right now; nothing was accepted, retry later",
                config.retryAfterSeconds());
    }

    /** The answer's error for a delivery to a connector that does not exist (or is of another tool). */
    static String unknownConnector(ConnectorKind kind, String connectorId) {
        return "no " + kind.pathName() + " connector '" + connectorId + "'";
    }

    /** Maps a body; a body that is not JSON or trips the mapper is kept raw with no events (replay can redo it). */
    public List<JsonNode> map(ConnectorSettings settings, String eventKind, byte[] body, String deliveryId) {
        return map(settings, mapper(settings), eventKind, body, deliveryId);
    }

    private static List<JsonNode> map(ConnectorSettings settings, ToolMapper mapper, String eventKind, byte[] body,
            String deliveryId) {
        try {
            JsonNode payload = FlowEventCodec.readTree(body);
            if (payload == null || !payload.isObject()) {
                LOG.warnf("%s delivery %s is not a JSON object: kept raw, no events", settings.kind(), deliveryId);
                return List.of();
            }
            Mapping m = mapper.mapWebhook(eventKind, payload);
            if (!m.skipped().isEmpty()) {
                LOG.debugf("%s delivery %s: left out %s", settings.kind(), deliveryId, m.skipped());
            }
            return new ArrayList<>(m.events());
        } catch (RuntimeException e) {
            LOG.warnf("%s delivery %s could not be mapped (kept raw, replayable): %s", settings.kind(), deliveryId, e.getMessage());
            return List.of();
        }
    }

    private static Map<String, String> keptHeaders(HttpHeaders headers) {
        Map<String, String> kept = new TreeMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!SECRET_HEADERS.contains(n) && values != null && !values.isEmpty()) {
                kept.put(n, String.join(",", values));
            }
        });
        return kept;
    }
}
