package dev.flowlens.ingest.connector;

import dev.flowlens.ingest.connector.pull.PullClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A pull clock for tests: time stands still until the pull sleeps, and a sleep only moves it on,
 * so every rate-limit wait is recorded with its exact length and none is sat out.
 */
public class RecordingPullClock extends PullClock {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private Instant now;
    private volatile Consumer<Duration> beforeSleep = d -> { };

    public RecordingPullClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    /** Runs {@code look} at the start of each wait, on the pull's thread, before time moves: to see the run waiting. */
    public void beforeEachSleep(Consumer<Duration> look) {
        beforeSleep = look;
    }

    @Override
    public void sleep(Duration d) {
        beforeSleep.accept(d);
        record(d);
    }

    private synchronized void record(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    /** The waits asked for, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
