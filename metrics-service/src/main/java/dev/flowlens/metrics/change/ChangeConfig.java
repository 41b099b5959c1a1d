package dev.flowlens.metrics.change;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Announcements on the {@code flow.changes} exchange (ARCHITECTURE.md "Messages"). */
@ConfigMapping(prefix = "flowlens.changes")
public interface ChangeConfig {

    /** Announce changed streams at most this often (one notice per stream per interval at most). */
    @WithDefault("1s")
    Duration interval();

    /** The trailing window that a notice's {@code velocity} counts finished items over. */
    @WithDefault("P30D")
    Duration velocityWindow();

    /**
     * PostgreSQL advisory lock key that elects the one instance that announces, so that several metrics-service
     * instances (which all see every change) do not each announce it.
     */
    @WithDefault("7346291502")
    long leaderLockKey();
}
