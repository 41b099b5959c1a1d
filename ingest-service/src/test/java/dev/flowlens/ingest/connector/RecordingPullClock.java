package dev.flowlens.ingest.connector;

import dev.flowlens.ingest.connector.pull.PullClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pull clock for tests: time stands still until the pull sleeps, and a sleep only moves it on,
 * so every rate-limit wait is recorded with its exact length and none is sat out.
 */
public class RecordingPullClock extends PullClock {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private Instant now;

    public RecordingPullClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    /** The waits asked for, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
