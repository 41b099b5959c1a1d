package dev.flowlens.ingest.connector.pull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.store.SyncRun;
import dev.flowlens.ingest.connector.store.SyncStore;
import dev.flowlens.ingest.outbound.GuardedRestClient;
import dev.flowlens.outbound.AddressGuard;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What a {@link ToolPuller} gets for one run: the connector, its decrypted token (never to be
 * logged), where each resource's cursor stands, an HTTP helper that retries and waits, and
 * {@link #commit} to store a page. Used by the run's one worker thread.
 */
public final class PullContext {

    private static final Logger LOG = Logger.getLogger(PullContext.class);
    /** Longest wait for one page's commit; the database answering slower than this fails the run. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(2);

    private final SyncRun run;
    private final ConnectorSettings settings;
    private final String token;
    private final SyncConfig config;
    private final SyncStore store;
    private final Map<String, Instant> cursors;
    private final Instant backfillFrom;
    private final Guard guard;
    private final AddressGuard addresses;
    private final PullClock clock;
    private final Runnable committed;
    private final ObjectNode progress = JsonNodeFactory.instance.objectNode();
    private final RunProgress live;
    private final Duration requestTimeout;
    private final Duration maxRateLimitWait;

    PullContext(SyncRun run, ConnectorSettings settings, String token, SyncConfig config, SyncStore store,
            Map<String, Instant> cursors, Instant backfillFrom, Guard guard, AddressGuard addresses, PullClock clock,
            Runnable committed) {
        this.run = run;
        this.settings = settings;
        this.token = token;
        this.config = config;
        this.store = store;
        this.cursors = new ConcurrentHashMap<>(cursors);
        this.backfillFrom = backfillFrom;
        this.guard = guard;
        this.addresses = addresses;
        this.clock = clock;
        this.committed = committed;
        this.live = new RunProgress(run.id(), settings.id(), settings.selector(), store, clock);
        this.requestTimeout = config.requestTimeout();
        this.maxRateLimitWait = config.maxRateLimitWait();
    }

    /** A context for a connection test ({@link ToolCheck}): no run, no cursors, nothing committed. */
    private PullContext(ConnectorSettings settings, String token, SyncConfig config, Guard guard, AddressGuard addresses,
            PullClock clock, Duration requestTimeout, Duration maxRateLimitWait) {
        this.run = null;
        this.settings = settings;
        this.token = token;
        this.config = config;
        this.store = null;
        this.cursors = Map.of();
        this.backfillFrom = clock.now();
        this.guard = guard;
        this.addresses = addresses;
        this.clock = clock;
        this.committed = () -> { };
        this.live = new RunProgress(null, settings.id(), settings.selector(), null, clock);
        this.requestTimeout = requestTimeout;
        this.maxRateLimitWait = maxRateLimitWait;
    }

    static PullContext forCheck(ConnectorSettings settings, String token, SyncConfig config, Guard guard, AddressGuard addresses,
            PullClock clock, Duration requestTimeout, Duration maxRateLimitWait) {
        return new PullContext(settings, token, config, guard, addresses, clock, requestTimeout, maxRateLimitWait);
    }

    public ConnectorSettings settings() {
        return settings;
    }

    /** The connector's API token, decrypted. Goes into a request header only. */
    public String token() {
        return token;
    }

    public SyncConfig config() {
        return config;
    }

    /** Where a resource's fetch starts: its cursor, or the backfill horizon on a first sync. */
    public Instant since(String resource) {
        return cursors.getOrDefault(resource, backfillFrom);
    }

    /**
     * An HTTP helper for this run with the tool's rate-limit rule and error message, the connector's guard, and the
     * address guard's check of {@code base}'s host.
     */
    public ToolHttp http(String tool, URI base, ToolHttp.RateLimitRule rule, ToolHttp.ErrorMessage errorMessage) {
        return new ToolHttp(tool, addresses, base, guard, rule, errorMessage, maxRateLimitWait, clock, live);
    }

    /**
     * Says that the pull now reads {@code resource} (as its cursor is named: {@code <endpoint>:<repository or
     * project>}): the run's phase, shown to the admin and logged. A commit of another resource starts its phase too.
     */
    public void phase(String resource) {
        live.phase(resource);
    }

    /** The number of objects the tool says the current phase's listing holds, when it says (GitLab's {@code X-Total}). */
    public void expect(int total) {
        live.expect(total);
    }

    /** What the run is doing now. */
    RunProgress live() {
        return live;
    }

    /**
     * The builder of the tool's REST client for {@code base}, with the address guard's check of every connection,
     * without following redirects, and this run's timeouts (connect at most 10 s).
     */
    public QuarkusRestClientBuilder restClient(URI base) {
        long timeout = requestTimeout.toMillis();
        return GuardedRestClient.builder(addresses, base).disableDefaultMapper(true)
                .connectTimeout(Math.min(timeout, 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS);
    }

    /**
     * Commits one page of a resource and, when given and later than the current one, its new
     * cursor, in one transaction. Blocks the worker thread until committed.
     */
    public void commit(String resource, List<Pulled> items, Instant cursor) {
        if (run == null) {
            throw new IllegalStateException("a connection test commits nothing");
        }
        live.phase(resource);
        Instant current = cursors.get(resource);
        Instant next = cursor != null && (current == null || cursor.isAfter(current)) ? cursor : null;
        ObjectNode r = progress.has(resource) ? (ObjectNode) progress.get(resource) : progress.putObject(resource);
        r.put("pages", r.path("pages").asInt(0) + 1);
        r.put("items", r.path("items").asInt(0) + items.size());
        Instant shown = next != null ? next : current;
        if (shown != null) {
            r.put("cursor", shown.toString());
        }
        SyncStore.PageCounts c = store.commitPage(run.id(), settings.id(), "pull:" + settings.kind().pathName(), resource,
                items, next, progress).await().atMost(COMMIT_TIMEOUT);
        if (next != null) {
            cursors.put(resource, next);
        }
        r.put("stored", r.path("stored").asInt(0) + c.stored());
        r.put("events", r.path("events").asInt(0) + c.events());
        committed.run();
        live.fetched(items.size());
        LOG.infof("sync %s of connector %s: %s page %d, %d items (%d new, %d events), cursor %s", run.id(), settings.id(),
                resource, r.get("pages").asInt(), items.size(), c.stored(), c.events(), shown);
    }

    /** Per resource: pages, items, stored, events and cursor so far. */
    public ObjectNode progress() {
        return progress;
    }
}
