package dev.flowlens.metrics.calc.timeline;

import dev.flowlens.events.ItemType;
import dev.flowlens.metrics.calc.ItemClass;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
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
 * <p>Kept dense, since a cache holds one per item: times as epoch microseconds (PostgreSQL's precision, see
 * {@link Times#floorMicros}), createdAt (the first segment's start) as one {@code long} and every later start as its
 * distance from createdAt, bit-packed at the width the item's largest distance needs, in the coarsest unit (second,
 * millisecond or microsecond) that divides every distance exactly ({@link SegmentStarts}); statuses as
 * {@code char} ordinals of a {@link StatusTable} (equal sequences shared between items); the item's metadata as
 * id, key, title and url packed in one array ({@link ItemText}), project, team, type and status in one object shared
 * by the items that have the same ({@link ItemClass}). No transition is kept. {@link #item()} rebuilds
 * the item (without transitions) on demand; the accessors read single fields without building anything.
 */
public final class StatusHistory {
    /** Id, key, title and url ({@link ItemText}). */
    private final byte[] text;
    /** Project, team, type and upserted status (shared by the items that have the same). */
    private final ItemClass itemClass;
    /** createdAt in epoch microseconds: the first segment's start. */
    private final long createdUs;
    /** The later segments' starts as {@link SegmentStarts} packs them (an empty array when there is one segment). */
    private final byte[] laterStarts;
    /** Bits per packed start and the unit's code ({@link SegmentStarts}). */
    private final byte startBits;
    private final byte startUnit;
    final char[] ords;
    private final StatusTable table;
    /** createdAt's nanoseconds below the microsecond (0 for anything read from the database). */
    private final short createdNanos;
    /** Compares createdAt with another item's, as {@link Instant#compareTo} would (without building either). */
    public int compareCreatedAt(StatusHistory other) {
        int c = Long.compare(createdUs, other.createdUs);
        return c != 0 ? c : Integer.compare(createdNanos, other.createdNanos);
    }

    /** Compares createdAt with t, as {@link Instant#compareTo} would. */
    public int compareCreatedAt(Instant t) {
        long us = Times.floorMicros(t);
        int c = Long.compare(createdUs, us);
        return c != 0 ? c : Integer.compare(createdNanos, t.getNano() % 1000);
    }

    /** The cache's number for this item (dense, reused after removal), or -1. */
    private final int slot;

    private StatusHistory(WorkItemFacts item, long[] starts, char[] ords, StatusTable table, int slot,
            UnaryOperator<String> intern) {
        this.text = ItemText.pack(item.itemId(), item.key(), item.title(), item.url(), table.prefixes());
        this.itemClass = table.share(new ItemClass(intern.apply(item.project()), intern.apply(item.team()),
                item.itemType(), intern.apply(item.status())));
        this.createdUs = starts[0];
        int count = ords.length;
        this.startUnit = SegmentStarts.unitCode(starts, count);
        this.startBits = SegmentStarts.bits(starts, count, startUnit);
        this.laterStarts = SegmentStarts.pack(starts, count, startBits, startUnit);
        this.ords = ords;
        this.table = table;
        this.createdNanos = (short) (item.createdAt().getNano() % 1000);
        this.slot = slot;
    }

    /**
     * Builds the history of an item.
     *
     * @throws IllegalArgumentException if the item has no createdAt
     */
    public static StatusHistory of(WorkItemFacts item) {
        return of(item, StatusTable.single(), -1, UnaryOperator.identity());
    }

    /**
     * As {@link #of(WorkItemFacts)}, numbering statuses in a table shared by many items and passing project, team and
     * status through {@code intern}, so that a cache of many items keeps one String per distinct spelling. If the table
     * is full (65,535 spellings), the item gets a table of its own.
     *
     * @param slot the cache's number for the item ({@link #slot()})
     */
    public static StatusHistory of(WorkItemFacts item, StatusTable table, int slot, UnaryOperator<String> intern) {
        requireCreatedAt(item);
        List<Transition> sorted = Timeline.sortedUnique(item.transitions());
        int n = sorted.size();
        long[] atMicros = new long[n];
        String[] froms = new String[n];
        String[] tos = new String[n];
        for (int i = 0; i < n; i++) {
            Transition t = sorted.get(i);
            atMicros[i] = Times.floorMicros(t.at());
            froms[i] = t.fromStatus();
            tos[i] = t.toStatus();
        }
        return build(item, atMicros, froms, tos, 0, n, table, slot, intern);
    }

    /**
     * As {@link #of(WorkItemFacts, StatusTable, int, UnaryOperator)}, from the item's transitions given as arrays that
     * are already in order of application and de-duplicated, as {@link Timeline#sortedUnique} leaves them (one per
     * event id, by (at, eventId, toStatus, fromStatus)); {@code item.transitions()} is not read. Entries
     * {@code from} (inclusive) to {@code to} (exclusive) of the arrays are the transitions: times in epoch
     * microseconds, statuses as spelled (null allowed). The fact
     * cache's first load reads them so from PostgreSQL, without a {@link Transition} per row; the rest of the
     * construction (the first status, times before createdAt, zero-length segments) is the same step as
     * {@link #of(WorkItemFacts)}'s. The arrays are not kept.
     *
     * @throws IllegalArgumentException if the item has no createdAt
     */
    public static StatusHistory ofOrdered(WorkItemFacts item, long[] atMicros, String[] froms, String[] tos,
            int from, int to, StatusTable table, int slot, UnaryOperator<String> intern) {
        requireCreatedAt(item);
        return build(item, atMicros, froms, tos, from, to, table, slot, intern);
    }

    private static void requireCreatedAt(WorkItemFacts item) {
        if (item.createdAt() == null) {
            throw new IllegalArgumentException("item " + item.itemId() + ": createdAt must be given");
        }
    }

    /** The construction rules on transitions in order of application (see the class comment). */
    private static StatusHistory build(WorkItemFacts item, long[] atMicros, String[] froms, String[] tos, int first,
            int end, StatusTable table, int slot, UnaryOperator<String> intern) {
        int capacity = end - first + 1;
        long[] starts = new long[capacity];
        String[] statuses = new String[capacity];
        long createdUs = Times.floorMicros(item.createdAt());
        int n = 0;
        String current = end == first ? item.status() : froms[first];
        starts[n] = createdUs;
        statuses[n] = current;
        n++;
        for (int i = first; i < end; i++) {
            long at = Math.max(atMicros[i], createdUs);
            if (tos[i] != null) {
                current = tos[i];
            }
            if (starts[n - 1] == at) {
                statuses[n - 1] = current; // the earlier segment had zero length
            } else {
                starts[n] = at;
                statuses[n] = current;
                n++;
            }
        }
        StatusTable numbering = table.fits(statuses, n) ? table : StatusTable.single();
        char[] ords = new char[n];
        for (int i = 0; i < n; i++) {
            ords[i] = numbering.ordinal(statuses[i]);
        }
        return new StatusHistory(item, starts, numbering.share(ords),
                numbering, slot, intern);
    }

    /** This history in a value stream: each segment's category and stage. */
    public Timeline in(StatusIndex index) {
        return new Timeline(this, index, new Timeline.Codes(table.codes(index, null), index.stageCategories()));
    }

    /**
     * As {@link #in(StatusIndex)}, with the stream's codes for this history's table as {@link StatusTable#codes}
     * gave them (shared by the stream's timelines); codes of another table are ignored.
     */
    public Timeline in(StatusIndex index, StatusCodes codes) {
        return new Timeline(this, index, codes.of(table));
    }

    /** The item, without its transitions (built anew on each call). */
    public WorkItemFacts item() {
        return new WorkItemFacts(itemId(), key(), title(), itemType(), project(), team(), status(), createdAt(), url(),
                List.of());
    }

    /** The item's id (built anew on each call; see {@link #hasItemId}). */
    public String itemId() {
        return ItemText.get(text, ItemText.ID, table.prefixes());
    }

    /** True if this is the item with that id. */
    public boolean hasItemId(String id) {
        return ItemText.equals(text, ItemText.ID, id, table.prefixes());
    }

    /** {@code itemId().hashCode()}, without building the id. */
    public int itemIdHash() {
        return ItemText.hash(text, ItemText.ID, table.prefixes());
    }

    public String key() {
        return ItemText.get(text, ItemText.KEY, table.prefixes());
    }

    public String title() {
        return ItemText.get(text, ItemText.TITLE, table.prefixes());
    }

    public String url() {
        return ItemText.get(text, ItemText.URL, table.prefixes());
    }

    /** The item type as upserted (may be null). */
    public ItemType itemType() {
        return itemClass.itemType();
    }

    public String project() {
        return itemClass.project();
    }

    public String team() {
        return itemClass.team();
    }

    /** The upserted status. */
    public String status() {
        return itemClass.status();
    }

    /** When the item was created, exactly as given. */
    public Instant createdAt() {
        long us = createdUs;
        return Instant.ofEpochSecond(Math.floorDiv(us, Times.MICROS),
                Math.floorMod(us, Times.MICROS) * 1000 + createdNanos);
    }

    /** The cache's number for this item, or -1 for a history built on its own. */
    public int slot() {
        return slot;
    }

    /** Number of segments (at least 1). */
    public int segmentCount() {
        return ords.length;
    }

    /** Status of segment i as the tool spelled it (null when the earliest transition had no fromStatus). */
    public String segmentStatus(int i) {
        return table.name(ords[i]);
    }

    /** Start of segment i. */
    public Instant segmentStart(int i) {
        return Times.instantOfMicros(startMicros(i));
    }

    long createdAtMicros() {
        return createdUs;
    }

    /** Start of segment i in epoch microseconds. */
    long startMicros(int i) {
        return i == 0 ? createdUs : createdUs + SegmentStarts.get(laterStarts, i - 1, startBits, startUnit);
    }

    /** Index of the last segment that starts strictly before t, or -1. */
    int lastStartBefore(long t) {
        if (createdUs >= t) {
            return -1;
        }
        int lo = 1;
        int hi = ords.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (startMicros(mid) < t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    char[] ordinals() {
        return ords;
    }

    StatusTable table() {
        return table;
    }

    /** True if id, key, title and url are the same (compared packed when both share one table's beginnings). */
    private boolean sameText(StatusHistory other) {
        if (table == other.table) {
            return Arrays.equals(text, other.text);
        }
        return itemId().equals(other.itemId()) && java.util.Objects.equals(key(), other.key())
                && java.util.Objects.equals(title(), other.title()) && java.util.Objects.equals(url(), other.url());
    }

    /** True if both describe the same item metadata and the same segments. */
    public boolean sameAs(StatusHistory other) {
        if (other == null || createdNanos != other.createdNanos || !itemClass.equals(other.itemClass)
                || !sameText(other) || createdUs != other.createdUs || startBits != other.startBits
                || startUnit != other.startUnit || !Arrays.equals(laterStarts, other.laterStarts)
                || ords.length != other.ords.length) {
            return false;
        }
        for (int i = 0; i < ords.length; i++) {
            if (!java.util.Objects.equals(segmentStatus(i), other.segmentStatus(i))) {
                return false;
            }
        }
        return true;
    }
}
