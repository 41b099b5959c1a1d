package dev.flowlens.ingest.connector.pull;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The time a pull reads (rate-limit resets are absolute times, the backfill horizon is "now minus
 * N days") and the sleeps it takes while a tool's rate limit is spent. One bean, so that tests
 * replace it and observe every wait without sitting it out.
 */
@ApplicationScoped
public class PullClock {

    /** Now. */
    public Instant now() {
        return Instant.now();
    }

    /** Blocks the calling sync worker thread for {@code d}. */
    public void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
