package dev.flowlens.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway feeds the {@code syncProgress} subscription (docs/decisions.md, "Sync progress: the gateway polls"). */
@ConfigMapping(prefix = "flowlens.sync-progress")
public interface SyncProgressConfig {

    /** How often each {@code syncProgress} subscription asks ingest-service for the connector's newest run. */
    @WithDefault("2s")
    Duration pollInterval();
}
