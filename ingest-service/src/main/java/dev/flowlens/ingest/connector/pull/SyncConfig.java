package dev.flowlens.ingest.connector.pull;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The incremental pull of the connectors: schedule, backfill, paging and how hard to try (docs/connectors.md "Pull"). */
@ConfigMapping(prefix = "flowlens.connectors")
public interface SyncConfig {

    /**
     * How often every connector is synced, e.g. {@code 15m}; {@code off} disables the schedule
     * (syncs then run only when an admin asks). Read by the {@code @Scheduled} job.
     */
    @WithDefault("15m")
    String syncInterval();

    /** How many days of history the first sync of a connector (no cursor yet) fetches. */
    @WithDefault("90")
    int backfillDays();

    /** Objects asked for per page ({@code per_page}, {@code maxResults}); the tools cap it at 100. */
    @WithDefault("100")
    int pageSize();

    /** Syncs running at the same time in this instance (each holds one database connection). */
    @WithDefault("2")
    int threads();

    /** Retries of one request after a transient failure (5xx, connection error) before the sync fails. */
    @WithDefault("5")
    int maxRetries();

    /** First retry delay; each further retry doubles it, up to {@link #retryMaxDelay()}. */
    @WithDefault("1s")
    Duration retryDelay();

    /** Longest delay between two retries. */
    @WithDefault("60s")
    Duration retryMaxDelay();

    /**
     * Longest rate-limit wait the sync sits out; a tool that asks for more fails the run with a
     * message saying when the limit resets (the next run resumes from the cursor).
     */
    @WithDefault("15m")
    Duration maxRateLimitWait();

    /** Read timeout of one request to a tool. */
    @WithDefault("60s")
    Duration requestTimeout();

    /** How long a tool's circuit stays open after repeated failures before one request is tried again. */
    @WithDefault("60s")
    Duration circuitBreakerDelay();

    /**
     * Longest time a connection test ({@code testConnector}) takes: the checks that have not answered by then are
     * reported as not answered. Each of its requests also times out after this, and it sits out no rate-limit wait
     * longer than a fifth of it.
     */
    @WithDefault("20s")
    Duration testTimeout();
}
