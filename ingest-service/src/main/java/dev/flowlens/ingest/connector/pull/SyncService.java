package dev.flowlens.ingest.connector.pull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.store.ConnectorStore;
import dev.flowlens.ingest.connector.store.SecretBox;
import dev.flowlens.ingest.connector.store.SyncRun;
import dev.flowlens.ingest.connector.store.SyncStore;
import dev.flowlens.outbound.AddressGuard;
import dev.flowlens.ingest.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Starts and runs connector syncs: on an admin's request ({@code POST /internal/v1/connectors/{id}/sync})
 * and on a schedule. One run per connector at a time, across instances: the run holds a
 * PostgreSQL advisory lock on the connector id on one connection for its whole length (a crashed
 * instance's connection closes and frees it). Runs execute on this service's own worker threads,
 * never on an event loop, because they block on requests and rate-limit waits; from there, the stores on Hibernate
 * Reactive are called through {@link #await}, on a Vert.x context.
 */
@ApplicationScoped
public class SyncService {

    /** What asking for a sync came to. */
    public sealed interface Start {
        /** A run started; it goes on in the background. */
        record Started(SyncRun run) implements Start {
        }

        /** Another run of this connector holds the lock (here or in another instance). */
        record AlreadyRunning(Optional<SyncRun> run) implements Start {
        }

        /** No such connector. */
        record NotFound() implements Start {
        }
    }

    private static final Logger LOG = Logger.getLogger(SyncService.class);
    /** First key of the advisory lock: the pull's namespace ("FLSY"), so other locks on hashtext(id) do not collide. */
    private static final int LOCK_NAMESPACE = 0x464C5359;
    private static final Duration DB_WAIT = Duration.ofMinutes(1);

    private final Pool pool;
    private final ConnectorStore connectors;
    private final SyncStore store;
    private final SecretBox secrets;
    private final SyncConfig config;
    private final OutboxRelay relay;
    private final PullClock clock;
    private final AddressGuard addresses;
    private final Map<ConnectorKind, ToolPuller> pullers = new EnumMap<>(ConnectorKind.class);
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    public SyncService(Pool pool, ConnectorStore connectors, SyncStore store, SecretBox secrets, SyncConfig config,
            OutboxRelay relay, PullClock clock, AddressGuard addresses, Instance<ToolPuller> toolPullers) {
        this.pool = pool;
        this.connectors = connectors;
        this.store = store;
        this.secrets = secrets;
        this.config = config;
        this.relay = relay;
        this.clock = clock;
        this.addresses = addresses;
        toolPullers.forEach(p -> pullers.put(p.kind(), p));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.threads()), r -> {
            Thread t = new Thread(r, "flowlens-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow(); // a run cut short keeps what it committed and resumes from its cursors
    }

    /** Starts a run of one connector in the background, unless one is running. */
    public Uni<Start> start(String connectorId, SyncRun.Trigger trigger) {
        return connectors.find(connectorId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new Start.NotFound());
            }
            ConnectorStore.Stored connector = found.get();
            return pool.getConnection().chain(conn -> conn
                    .preparedQuery("select pg_try_advisory_lock($1, hashtext($2)) as locked")
                    .execute(Tuple.of(LOCK_NAMESPACE, connectorId))
                    .chain(rows -> {
                        if (!rows.iterator().next().getBoolean("locked")) {
                            return conn.close().chain(() -> store.running(connectorId))
                                    .map(r -> (Start) new Start.AlreadyRunning(r));
                        }
                        return store.begin(connectorId, trigger).map(run -> {
                            submit(conn, run, connector);
                            return (Start) new Start.Started(run);
                        }).onFailure().call(() -> release(conn, connectorId));
                    }));
        });
    }

    /** Syncs every connector that has a token, one run each, every {@code flowlens.connectors.sync-interval}. */
    @Scheduled(identity = "flowlens-connector-sync", every = "${flowlens.connectors.sync-interval:15m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void syncAll() {
        for (ConnectorStore.Stored c : await(connectors::list)) {
            if (!c.hasToken()) {
                continue; // webhook-only connector
            }
            try {
                Start s = await(() -> start(c.settings().id(), SyncRun.Trigger.SCHEDULE));
                if (s instanceof Start.AlreadyRunning) {
                    LOG.debugf("scheduled sync of connector %s skipped: a run is still going", c.settings().id());
                }
            } catch (RuntimeException e) {
                LOG.warnf("scheduled sync of connector %s could not start: %s", c.settings().id(), e.getMessage());
            }
        }
    }

    private void submit(SqlConnection lock, SyncRun run, ConnectorStore.Stored connector) {
        try {
            workers.execute(() -> run(lock, run, connector));
        } catch (RejectedExecutionException e) {
            // shutting down: close the run now rather than leave it RUNNING
            store.finish(run.id(), run.connectorId(), false, "the service was stopping; run not started", store.emptyProgress())
                    .onTermination().call(() -> release(lock, run.connectorId())).subscribe().with(x -> { }, f -> { });
        }
    }

    private void run(SqlConnection lock, SyncRun run, ConnectorStore.Stored connector) {
        ConnectorSettings settings = connector.settings();
        PullContext context = null;
        try {
            ToolPuller puller = pullers.get(settings.kind());
            if (puller == null) {
                throw new PullFailure("no pull is built for " + settings.kind() + " connectors");
            }
            if (!secrets.ready()) {
                throw new PullFailure(new SecretBox.NoKeyException().getMessage());
            }
            byte[] sealed = await(() -> connectors.sealedToken(settings.id()))
                    .orElseThrow(() -> new PullFailure("connector '" + settings.id() + "' has no API token: save one (token) to pull"));
            String token = secrets.open(sealed);
            Instant backfillFrom = clock.now().minus(config.backfillDays(), ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            Guard guard = guards.computeIfAbsent(settings.id(), id -> ToolHttp.guard("pull of connector " + id, config));
            context = new PullContext(run, settings, token, config, store, store.cursors(settings.id()).await().atMost(DB_WAIT),
                    backfillFrom, guard, addresses, clock, relay::wakeUp);
            LOG.infof("sync %s of %s connector %s started (%s)", run.id(), settings.kind(), settings.id(), run.trigger());
            puller.pull(context);
            PullContext done = context;
            await(() -> store.finish(run.id(), settings.id(), true, null, done.progress()));
            LOG.infof("sync %s of connector %s succeeded: %s", run.id(), settings.id(), context.progress());
        } catch (RuntimeException e) {
            // PullFailure and SecretBox messages are written for the admin; anything else is named by its type
            String error = e instanceof PullFailure || e instanceof IllegalStateException ? e.getMessage()
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            String phase = context == null || context.live().phaseName() == null ? "before reading anything"
                    : "while reading " + context.live().phaseName();
            LOG.warnf("sync %s of connector %s failed %s (the next run resumes from the cursors): %s", run.id(), settings.id(),
                    phase, error);
            try {
                JsonNode progress = context == null ? store.emptyProgress() : context.progress();
                await(() -> store.finish(run.id(), settings.id(), false, error, progress));
            } catch (RuntimeException f) {
                LOG.errorf("sync %s of connector %s: the failure could not be recorded: %s", run.id(), settings.id(), f.getMessage());
            }
        } finally {
            try {
                release(lock, settings.id()).await().atMost(DB_WAIT);
            } catch (RuntimeException e) {
                LOG.warnf("sync lock of connector %s not released cleanly (freed when its connection closes): %s",
                        settings.id(), e.getMessage());
            }
        }
    }

    /**
     * Waits here, on a worker thread, for work that uses Hibernate Reactive: it runs on a Vert.x duplicated context,
     * as Hibernate Reactive's sessions must, for {@link #DB_WAIT} at most.
     */
    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work.get().ifNoItem().after(DB_WAIT).fail());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Uni<Void> release(SqlConnection conn, String connectorId) {
        return conn.preparedQuery("select pg_advisory_unlock($1, hashtext($2))").execute(Tuple.of(LOCK_NAMESPACE, connectorId))
                .replaceWithVoid().onTermination().call(conn::close);
    }
}
