package dev.flowlens.metrics.view;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The in-memory fact cache that metrics are answered from. */
@ConfigMapping(prefix = "flowlens.cache")
public interface CacheConfig {

    /** Pause between two polls of the database for changed facts; new events show within about this long. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Pause before the first load is tried again after it failed (database not reachable yet). */
    @WithDefault("2s")
    Duration retryInterval();

    /** Changed work items reloaded per query ({@code item_id = any($1)}). */
    @WithDefault("2000")
    int reloadBatchSize();

    /** Rows fetched per round trip while streaming the first load. */
    @WithDefault("10000")
    int fetchSize();

    /** How long a request for a stream that exists but is not cached yet waits for the next poll. */
    @WithDefault("5s")
    Duration awaitNewStream();
}
