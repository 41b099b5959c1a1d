package dev.flowlens.ingest.connector.webhook;

import dev.flowlens.ingest.config.IngestConfig;
import dev.flowlens.ingest.connector.ConnectorConfig;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.store.ConnectorStore;
import dev.flowlens.problem.Problem;
import dev.flowlens.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * What a webhook delivery must pass before its body is read. The webhook endpoints are open to anyone (the tool's
 * signature is only checked on the whole body), so a body is only read for a connector that exists, when it is not
 * larger than a tool sends, and while the bodies already being received stay within a byte budget: otherwise a few
 * concurrent large bodies exhaust the heap (issue 21, finding 2). Refusals close the connection, so the rest of the
 * body is never read.
 *
 * <ul>
 * <li>404 for a path that names no tool and connector, or a connector that does not exist: the ids and kinds of
 * the connectors are kept in memory, read again at most once per {@code flowlens.connectors.cache-ttl} when an id
 * is missing (and after every save through this instance), so unknown ids cost no database read each;</li>
 * <li>413 for a {@code Content-Length} over {@code flowlens.connectors.webhooks.max-body-size}; a body without
 * {@code Content-Length} (chunked) is read here, up to that size, and answered 413 past it;</li>
 * <li>429 with {@code Retry-After} when the body would take the webhook bytes in flight past
 * {@code flowlens.connectors.webhooks.in-flight-bytes}. 429, not 503: the service is working, the senders send
 * more than it takes at once; the tools retry or redeliver either, and a flood of junk then shows as 4xx, never
 * as the service failing.</li>
 * </ul>
 *
 * A delivery that passes is handled by {@link WebhookIntake} as before, which checks connector and signature again
 * (the copy here may be a cache TTL old); its bytes count against the budget until its answer is sent.
 */
@ApplicationScoped
public class WebhookGate {

    private static final Logger LOG = Logger.getLogger(WebhookGate.class);
    private static final String PREFIX = "/webhooks/";
    /**
     * After Quarkus' own body limit (order -2, which would answer 413 for the global limit) and authentication, before
     * Quarkus REST reads the body.
     */
    private static final int ORDER = -1;

    /** The connectors' kinds by id as read at {@code readAt} (nanoTime) when the store had seen {@code changes} saves. */
    private record Known(Map<String, ConnectorKind> kinds, long changes, long readAt) {
    }

    private final ConnectorStore store;
    private final long maxBody;
    private final long budget;
    private final long cacheTtlNanos;
    private final int retryAfterSeconds;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicReference<CompletableFuture<Known>> reading = new AtomicReference<>();
    private volatile Known known = new Known(Map.of(), -1, 0);
    private final Counter unknown;
    private final Counter tooLarge;
    private final Counter overBudget;
    /** Reads a chunked body up to the limit (the tools send Content-Length; a body without one is rare). */
    private final BodyHandler chunked;

    public WebhookGate(ConnectorStore store, ConnectorConfig config, IngestConfig ingest,
            MeterRegistry registry) {
        this.store = store;
        this.maxBody = config.webhooks().maxBodySize().asLongValue();
        this.budget = config.webhooks().inFlightBytes().asLongValue();
        if (budget < maxBody) {
            throw new IllegalStateException("flowlens.connectors.webhooks.in-flight-bytes (" + budget
                    + " bytes) must be at least flowlens.connectors.webhooks.max-body-size (" + maxBody + " bytes)");
        }
        this.cacheTtlNanos = config.cacheTtl().toNanos();
        this.retryAfterSeconds = ingest.retryAfterSeconds();
        Gauge.builder("flowlens.webhooks.bytes.in.flight", inFlight, AtomicLong::get)
                .description("Webhook body bytes being received, checked or stored").baseUnit("bytes").register(registry);
        this.unknown = refused(registry, 404);
        this.tooLarge = refused(registry, 413);
        this.overBudget = refused(registry, 429);
        // no file uploads: nothing of a webhook goes to disk
        this.chunked = BodyHandler.create(false).setBodyLimit(maxBody);
    }

    private static Counter refused(MeterRegistry registry, int status) {
        return Counter.builder("flowlens.webhooks.refused").tag("status", String.valueOf(status))
                .description("Webhook deliveries answered before their body was read").register(registry);
    }

    void install(@Observes Router router) {
        router.route(PREFIX + "*").order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        if (!HttpMethod.POST.equals(rc.request().method())) {
            rc.next(); // Quarkus REST answers 405: no body is read
            return;
        }
        String[] target = target(rc.request().path());
        ConnectorKind kind = target == null ? null : ConnectorKind.parse(target[0]).orElse(null);
        if (kind == null || !kind.pathName().equals(target[0])) {
            refuse(rc, ProblemType.NOT_FOUND, "no webhook endpoint here: deliveries go to /webhooks/{github|gitlab|jira|pagerduty|opsgenie|jenkins}/{connectorId}", unknown);
            return;
        }
        String id = target[1];
        Known now = known;
        if (now.kinds().get(id) == kind || !stale(now)) {
            admit(rc, kind, id, now);
            return;
        }
        Context context = Vertx.currentContext();
        fresh().whenComplete((read, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                LOG.warnf("webhook for %s connector %s: the connectors could not be read: %s", kind.pathName(), id,
                        failure.getMessage());
                rc.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
                refuse(rc, ProblemType.UNAVAILABLE, "the delivery could not be checked right now; nothing was accepted, retry later", null);
            } else {
                admit(rc, kind, id, read);
            }
        }));
    }

    private void admit(RoutingContext rc, ConnectorKind kind, String id, Known read) {
        if (read.kinds().get(id) != kind) {
            refuse(rc, ProblemType.NOT_FOUND, WebhookIntake.unknownConnector(kind, id), unknown);
            return;
        }
        String header = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            refuse(rc, ProblemType.INVALID_INPUT, "Content-Length is not a number", null);
            return;
        }
        if (length > maxBody) {
            refuse(rc, ProblemType.TOO_LARGE, "the body is " + length + " bytes, more than the " + maxBody + " a webhook delivery may have;"
                    + " nothing was stored", tooLarge);
            return;
        }
        long claim = length >= 0 ? length : maxBody;
        if (!take(claim)) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
            refuse(rc, ProblemType.TOO_MANY_REQUESTS, "too many webhook bytes are being received at once; nothing was stored, retry later", overBudget);
            return;
        }
        // every answer, and a connection closed before one, ends the exchange
        rc.addEndHandler(done -> inFlight.addAndGet(-claim));
        if (length >= 0) {
            rc.next(); // Quarkus REST reads exactly Content-Length bytes
        } else {
            // read here, with the webhook limit (413 past it), and handed to Quarkus REST as read
            rc.request().resume();
            chunked.handle(rc);
        }
    }

    private boolean take(long bytes) {
        while (true) {
            long used = inFlight.get();
            if (used + bytes > budget) {
                return false;
            }
            if (inFlight.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    private boolean stale(Known k) {
        return k.changes() != store.changes() || System.nanoTime() - k.readAt() >= cacheTtlNanos;
    }

    /** The connectors read again; concurrent callers share one read. */
    private CompletableFuture<Known> fresh() {
        CompletableFuture<Known> mine = new CompletableFuture<>();
        CompletableFuture<Known> running = reading.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        long changes = store.changes();
        long readAt = System.nanoTime();
        store.kinds().subscribe().with(kinds -> {
            Known k = new Known(kinds, changes, readAt);
            known = k;
            reading.set(null);
            mine.complete(k);
        }, failure -> {
            reading.set(null);
            mine.completeExceptionally(failure);
        });
        return mine;
    }

    /** {tool, connectorId} of {@code /webhooks/{tool}/{connectorId}}, the id decoded as JAX-RS decodes it; else null. */
    static String[] target(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        try {
            return new String[] {rest.substring(0, slash), URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"),
                    StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Answers now and closes the connection once the answer is out, so the rest of the body is never read. */
    private static void refuse(RoutingContext rc, ProblemType type, String detail, Counter counter) {
        if (counter != null) {
            counter.increment();
        }
        Problem problem = Problem.of(type, detail, rc.request().path(),
                type == ProblemType.INVALID_INPUT ? List.of(Problem.Violation.of(detail)) : null);
        rc.response().setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> rc.request().connection().close())
                .end(problem.json());
    }
}
