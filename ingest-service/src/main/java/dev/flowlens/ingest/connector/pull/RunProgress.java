package dev.flowlens.ingest.connector.pull;

import dev.flowlens.ingest.connector.store.SyncRun;
import dev.flowlens.ingest.connector.store.SyncStore;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * What one run is doing, as the admin sees it (docs/connectors.md "Progress"): its phase (the resource being read and
 * the tool call sent last), the objects of the phase so far and the total the tool announced, the rate-limit wait
 * with its reason and end. Each change is written to the run's row at once ({@link SyncStore#live}), so the progress
 * can be read from any instance, and each phase and wait is logged in the same words. Used by the run's one thread.
 */
public final class RunProgress implements ToolHttp.Observer {

    private static final Logger LOG = Logger.getLogger(RunProgress.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String runId;
    private final String connectorId;
    private final String scopeFallback;
    private final SyncStore store;
    private final PullClock clock;
    private String phase;
    private String endpoint;
    private int phaseItems;
    private Integer phaseTotal;
    private Instant phaseStarted;
    private int requests;
    private int rateLimitWaits;
    private String waitReason;
    private Instant waitUntil;
    /** Counts of a run that commits no pull pages (a replay): pages, items, stored, events. */
    private int[] ownCounts;

    /**
     * @param scopeFallback what a phase without {@code :<scope>} reads (a Jira connector's JQL)
     * @param store         where the run's row is, or null for a connection test (nothing written)
     */
    public RunProgress(String runId, String connectorId, String scopeFallback, SyncStore store, PullClock clock) {
        this.runId = runId;
        this.connectorId = connectorId;
        this.scopeFallback = scopeFallback;
        this.store = store;
        this.clock = clock;
    }

    /** Counts this progress writes itself (a replay's, which has no pull pages), from now on. */
    public RunProgress countingItself() {
        ownCounts = new int[4];
        return this;
    }

    /**
     * A new phase: reading {@code resource} ({@code <endpoint>:<repository or project>}, as the cursors name it).
     * Logged as {@code sync <run> of connector <id>: reading <endpoint> of <scope>}.
     */
    public void phase(String resource) {
        if (resource.equals(phase)) {
            return;
        }
        phase = resource;
        phaseItems = 0;
        phaseTotal = null;
        phaseStarted = clock.now();
        int colon = resource.indexOf(':');
        String what = colon < 0 ? resource : resource.substring(0, colon);
        String scope = colon < 0 ? scopeFallback : resource.substring(colon + 1);
        LOG.infof("sync %s of connector %s: reading %s of %s", runId, connectorId, what, scope);
        write();
    }

    /** The objects the tool says the current phase holds (e.g. GitLab's {@code X-Total}); gives the phase an estimate. */
    public void expect(int total) {
        if (phaseTotal == null || phaseTotal != total) {
            phaseTotal = total;
            LOG.infof("sync %s of connector %s: %s holds %d objects", runId, connectorId, phase, total);
            write();
        }
    }

    /** Objects of the current phase fetched (and committed). */
    void fetched(int n) {
        phaseItems += n;
        write();
    }

    /**
     * A replay begins: one phase, {@code replay}, over the {@code total} stored payloads of the connector. Written
     * without blocking (a replay runs on an event loop).
     */
    public Uni<Void> replayStarted(long total) {
        phase = "replay";
        phaseItems = 0;
        phaseTotal = (int) Math.min(Integer.MAX_VALUE, total);
        phaseStarted = clock.now();
        LOG.infof("replay %s of connector %s: re-mapping %d stored payloads", runId, connectorId, total);
        return writeLater();
    }

    /** One more page of a replay: raw rows read, events queued. Written without blocking. */
    public Uni<Void> replayed(int payloads, int events) {
        ownCounts[0]++;
        ownCounts[1] += payloads;
        ownCounts[3] += events;
        phaseItems += payloads;
        LOG.infof("replay %s of connector %s: %d of %s stored payloads re-mapped, %d events queued", runId, connectorId,
                phaseItems, phaseTotal, ownCounts[3]);
        return writeLater();
    }

    private Uni<Void> writeLater() {
        return store.live(runId, live(), ownCounts == null ? null : ownCounts.clone()).onFailure().recoverWithUni(e -> {
            LOG.debugf("replay %s: progress not written: %s", runId, e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public void request(String what) {
        endpoint = what;
        requests++;
        write();
    }

    @Override
    public void waiting(String reason, Instant until) {
        waitReason = reason;
        waitUntil = until;
        LOG.infof("sync %s of connector %s: %s, waiting for its rate limit until %s: %s", runId, connectorId, phase, until, reason);
        write();
    }

    @Override
    public void waited() {
        rateLimitWaits++;
        waitReason = null;
        waitUntil = null;
        write();
    }

    /** Where the run stands now. */
    public SyncRun.Live live() {
        return new SyncRun.Live(phase, endpoint, phaseItems, phaseTotal, phaseStarted, requests, rateLimitWaits, waitReason,
                waitUntil, clock.now());
    }

    /** The phase, as the run's last log line names it. */
    public String phaseName() {
        return phase;
    }

    private void write() {
        if (store == null) {
            return; // a connection test: no run to write to
        }
        try {
            store.live(runId, live(), ownCounts == null ? null : ownCounts.clone()).await().atMost(WRITE_TIMEOUT);
        } catch (RuntimeException e) {
            // the progress is for the admin's eyes: a failed write of it never fails the run
            LOG.debugf("sync %s: progress not written: %s", runId, e.getMessage());
        }
    }
}
