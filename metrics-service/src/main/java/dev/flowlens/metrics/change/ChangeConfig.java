package dev.flowlens.metrics.change;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Announcements on the {@code flow.changes} exchange (ARCHITECTURE.md "Messages"). */
@ConfigMapping(prefix = "flowlens.changes")
public interface ChangeConfig {

    /** How often the fact cache is compared with the last one seen (a change is announced within about this long). */
    @WithDefault("200ms")
    Duration checkInterval();

    /** Fewest time between two notices of one stream; changes in between are announced together when it has passed. */
    @WithDefault("1s")
    Duration minGap();

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
