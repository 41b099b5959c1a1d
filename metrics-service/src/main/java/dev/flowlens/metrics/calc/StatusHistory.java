package dev.flowlens.metrics.calc;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The status history of one item, independent of any value stream (METRICS.md "An item's timeline"): segment i holds
 * status s_i over [start_i, start_{i+1}); the last segment is open. {@link Timeline} adds one stream's categories and
 * stages on top, so one history serves every stream the item is in.
 *
 * <p>Construction rules: transitions are de-duplicated by event id and applied in order of (at, eventId); the history
 * starts at createdAt in the fromStatus of the earliest transition (or the upserted status without transitions); a
 * transition dated before createdAt is applied at createdAt; a null toStatus keeps the status; segments of zero length
 * are dropped, because under the strict {@code < t} rule no instant ever sees them. After that, segment starts are
 * strictly increasing and "state at t" is the last segment starting before t.
 *
 * <p>Times are kept as epoch microseconds (PostgreSQL's precision, see {@link Times#floorMicros}): one {@code long}
 * per segment instead of an {@link Instant} object. The item is kept without its transitions, which the segments
 * replace.
 */
public final class StatusHistory {
    private final WorkItemFacts item;
    private final long createdAt;
    private final long[] starts;
    private final String[] statuses;

    private StatusHistory(WorkItemFacts item, long createdAt, long[] starts, String[] statuses) {
        this.item = item;
        this.createdAt = createdAt;
        this.starts = starts;
        this.statuses = statuses;
    }

    /**
     * Builds the history of an item.
     *
     * @throws IllegalArgumentException if the item has no createdAt
     */
    public static StatusHistory of(WorkItemFacts item) {
        return of(item, UnaryOperator.identity());
    }

    /**
     * As {@link #of(WorkItemFacts)}, passing every status spelling through {@code intern}, so that a cache of many
     * items keeps one String per distinct spelling.
     */
    public static StatusHistory of(WorkItemFacts item, UnaryOperator<String> intern) {
        Instant created = item.createdAt();
        if (created == null) {
            throw new IllegalArgumentException("item " + item.itemId() + ": createdAt must be given");
        }
        List<Transition> sorted = Timeline.sortedUnique(item.transitions());
        int capacity = sorted.size() + 1;
        long[] starts = new long[capacity];
        String[] statuses = new String[capacity];
        long createdUs = Times.floorMicros(created);
        int n = 0;
        String current = sorted.isEmpty() ? item.status() : sorted.get(0).fromStatus();
        starts[n] = createdUs;
        statuses[n] = current;
        n++;
        for (Transition t : sorted) {
            long at = Math.max(Times.floorMicros(t.at()), createdUs);
            if (t.toStatus() != null) {
                current = t.toStatus();
            }
            if (starts[n - 1] == at) {
                statuses[n - 1] = current; // the earlier segment had zero length
            } else {
                starts[n] = at;
                statuses[n] = current;
                n++;
            }
        }
        for (int i = 0; i < n; i++) {
            statuses[i] = statuses[i] == null ? null : intern.apply(statuses[i]);
        }
        WorkItemFacts meta = item.transitions() == null || item.transitions().isEmpty() ? item
                : new WorkItemFacts(item.itemId(), item.key(), item.title(), item.itemType(), item.project(),
                        item.team(), item.status(), item.createdAt(), item.url(), List.of());
        return new StatusHistory(meta, createdUs,
                n == capacity ? starts : Arrays.copyOf(starts, n), n == capacity ? statuses : Arrays.copyOf(statuses, n));
    }

    /** This history in a value stream: each segment's category and stage. */
    public Timeline in(StatusIndex index) {
        return new Timeline(this, index);
    }

    /** The item, without its transitions. */
    public WorkItemFacts item() {
        return item;
    }

    /** Number of segments (at least 1). */
    public int segmentCount() {
        return starts.length;
    }

    /** Status of segment i as the tool spelled it (null when the earliest transition had no fromStatus). */
    public String segmentStatus(int i) {
        return statuses[i];
    }

    /** Start of segment i. */
    public Instant segmentStart(int i) {
        return Times.instantOfMicros(starts[i]);
    }

    long createdAtMicros() {
        return createdAt;
    }

    long[] startsMicros() {
        return starts;
    }

    String[] statuses() {
        return statuses;
    }

    /** True if both describe the same item metadata and the same segments. */
    public boolean sameAs(StatusHistory other) {
        return other != null && item.equals(other.item) && createdAt == other.createdAt
                && Arrays.equals(starts, other.starts) && Arrays.equals(statuses, other.statuses);
    }
}
