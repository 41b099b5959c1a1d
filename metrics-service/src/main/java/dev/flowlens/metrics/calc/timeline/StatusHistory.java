package dev.flowlens.metrics.calc.timeline;

import dev.flowlens.events.ItemType;
import dev.flowlens.metrics.calc.ItemClass;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * <p>Kept dense, since a cache holds one per item: a small object (three references and two ints) and one byte array,
 * which holds, in order,
 * <ol>
 * <li>createdAt (the first segment's start) in epoch microseconds (PostgreSQL's precision, see
 * {@link Times#floorMicros}), 8 bytes;</li>
 * <li>each segment's status as its ordinal in a {@link StatusTable}, one byte each when the item's largest ordinal is
 * below 256, else two;</li>
 * <li>every later start as its distance from createdAt, bit-packed at the width the item's largest distance needs, in
 * the coarsest unit (second, millisecond or microsecond) that divides every distance exactly ({@link SegmentStarts});
 * </li>
 * <li>id, key and url ({@link ItemText});</li>
 * <li>createdAt's nanoseconds below the microsecond, 2 bytes, only when not 0 (never for anything read from the
 * database), and the segment count, 4 bytes, only for an item of more than {@link #MAX_SHAPE_COUNT} segments.</li>
 * </ol>
 * The segment count, start bits and unit, ordinal width and the two flags sit in one int. Project, team, type and
 * status are one object shared by the items that have the same ({@link ItemClass}). The title is not kept: lists
 * read it from PostgreSQL (docs/decisions.md "Titles from PostgreSQL"). No transition is kept. {@link #item()}
 * rebuilds the item (without transitions and title) on demand; the accessors read single fields without building
 * anything.
 */
public final class StatusHistory {
    /** Bit layout of {@link #shape}. */
    private static final int BITS_MASK = 0x7F;
    private static final int UNIT_SHIFT = 7;
    private static final int WIDE_ORDS = 1 << 9;
    private static final int HAS_NANOS = 1 << 10;
    private static final int COUNT_SHIFT = 11;
    /** The largest segment count the shape holds; an item with more keeps its count at the array's end. */
    static final int MAX_SHAPE_COUNT = (1 << (32 - COUNT_SHIFT)) - 2;
    private static final int COUNT_AT_END = MAX_SHAPE_COUNT + 1;
    /** Where the ordinals begin (after createdAt). */
    private static final int ORDS = 8;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** createdAt, ordinals, packed starts, id/key/url and the rare tail fields, as the class comment lists them. */
    private final byte[] data;
    /** Project, team, type and upserted status (shared by the items that have the same). */
    private final ItemClass itemClass;
    private final StatusTable table;
    /** The cache's number for this item (dense, reused after removal), or -1. */
    private final int slot;
    /** Segment count (or {@link #COUNT_AT_END}), start bits and unit, ordinal width, nanoseconds present. */
    private final int shape;

    /** Packs an item: the one place that lays out {@link #data}. */
    private StatusHistory(WorkItemFacts item, long[] starts, char[] ords, StatusTable table, int slot,
            UnaryOperator<String> intern) {
        this.itemClass = table.share(new ItemClass(intern.apply(item.project()), intern.apply(item.team()),
                item.itemType(), intern.apply(item.status())));
        this.table = table;
        this.slot = slot;
        int count = ords.length;
        byte unit = SegmentStarts.unitCode(starts, count);
        byte bits = SegmentStarts.bits(starts, count, unit);
        boolean wide = false;
        for (char o : ords) {
            wide |= o > 0xFF;
        }
        short nanos = (short) (item.createdAt().getNano() % 1000);
        boolean countAtEnd = count > MAX_SHAPE_COUNT;
        byte[] text = ItemText.pack(item.itemId(), item.key(), item.url(), table.prefixes());
        long size = ORDS + (long) count * (wide ? 2 : 1) + SegmentStarts.size(count, bits) + text.length
                + (nanos != 0 ? 2 : 0) + (countAtEnd ? 4 : 0);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("item " + item.itemId() + ": too many segments (" + count + ")");
        }
        int startsAt = ORDS + count * (wide ? 2 : 1);
        int textAt = startsAt + SegmentStarts.size(count, bits);
        byte[] out = new byte[(int) size];
        LONG.set(out, 0, starts[0]);
        for (int i = 0; i < count; i++) {
            if (wide) {
                out[ORDS + 2 * i] = (byte) (ords[i] >>> 8);
                out[ORDS + 2 * i + 1] = (byte) ords[i];
            } else {
                out[ORDS + i] = (byte) ords[i];
            }
        }
        SegmentStarts.pack(starts, count, bits, unit, out, startsAt);
        System.arraycopy(text, 0, out, textAt, text.length);
        int tail = textAt + text.length;
        if (nanos != 0) {
            out[tail++] = (byte) (nanos >>> 8);
            out[tail++] = (byte) nanos;
        }
        if (countAtEnd) {
            INT.set(out, tail, count);
        }
        this.data = out;
        this.shape = bits | unit << UNIT_SHIFT | (wide ? WIDE_ORDS : 0) | (nanos != 0 ? HAS_NANOS : 0)
                | (countAtEnd ? COUNT_AT_END : count) << COUNT_SHIFT;
    }

    /** Compares createdAt with another item's, as {@link Instant#compareTo} would (without building either). */
    public int compareCreatedAt(StatusHistory other) {
        int c = Long.compare(createdAtMicros(), other.createdAtMicros());
        return c != 0 ? c : Integer.compare(createdNanos(), other.createdNanos());
    }

    /** Compares createdAt with t, as {@link Instant#compareTo} would. */
    public int compareCreatedAt(Instant t) {
        long us = Times.floorMicros(t);
        int c = Long.compare(createdAtMicros(), us);
        return c != 0 ? c : Integer.compare(createdNanos(), t.getNano() % 1000);
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
        return new StatusHistory(item, starts, ords, numbering, slot, intern);
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

    /**
     * The item, without its transitions and with a null title (built anew on each call; the title is read from
     * PostgreSQL by whoever shows it).
     */
    public WorkItemFacts item() {
        return new WorkItemFacts(itemId(), key(), null, itemType(), project(), team(), status(), createdAt(), url(),
                List.of());
    }

    /** The item's id (built anew on each call; see {@link #hasItemId}). */
    public String itemId() {
        return ItemText.get(data, textFrom(), ItemText.ID, table.prefixes());
    }

    /** True if this is the item with that id. */
    public boolean hasItemId(String id) {
        return ItemText.equals(data, textFrom(), ItemText.ID, id, table.prefixes());
    }

    /** {@code itemId().hashCode()}, without building the id. */
    public int itemIdHash() {
        return ItemText.hash(data, textFrom(), ItemText.ID, table.prefixes());
    }

    public String key() {
        return ItemText.get(data, textFrom(), ItemText.KEY, table.prefixes());
    }

    public String url() {
        return ItemText.get(data, textFrom(), ItemText.URL, table.prefixes());
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
        long us = createdAtMicros();
        return Instant.ofEpochSecond(Math.floorDiv(us, Times.MICROS),
                Math.floorMod(us, Times.MICROS) * 1000 + createdNanos());
    }

    /** The cache's number for this item, or -1 for a history built on its own. */
    public int slot() {
        return slot;
    }

    /** Number of segments (at least 1). */
    public int segmentCount() {
        int count = shape >>> COUNT_SHIFT;
        return count != COUNT_AT_END ? count : (int) INT.get(data, data.length - 4);
    }

    /** Status of segment i as the tool spelled it (null when the earliest transition had no fromStatus). */
    public String segmentStatus(int i) {
        return table.name(ordinal(i));
    }

    /** Start of segment i. */
    public Instant segmentStart(int i) {
        return Times.instantOfMicros(startMicros(i));
    }

    long createdAtMicros() {
        return (long) LONG.get(data, 0);
    }

    /** createdAt's nanoseconds below the microsecond (0 for anything read from the database). */
    private int createdNanos() {
        if ((shape & HAS_NANOS) == 0) {
            return 0;
        }
        int at = data.length - ((shape >>> COUNT_SHIFT) == COUNT_AT_END ? 6 : 2);
        return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
    }

    /** Start of segment i in epoch microseconds. */
    long startMicros(int i) {
        long created = createdAtMicros();
        return i == 0 ? created
                : created + SegmentStarts.get(data, startsFrom(segmentCount()), i - 1, shape & BITS_MASK,
                        (shape >>> UNIT_SHIFT) & 3);
    }

    /** Index of the last segment that starts strictly before t, or -1. */
    int lastStartBefore(long t) {
        long created = createdAtMicros();
        if (created >= t) {
            return -1;
        }
        int count = segmentCount();
        int from = startsFrom(count);
        int bits = shape & BITS_MASK;
        int unit = (shape >>> UNIT_SHIFT) & 3;
        int lo = 1;
        int hi = count - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (created + SegmentStarts.get(data, from, mid - 1, bits, unit) < t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The status ordinal of segment i in {@link #table()}. */
    int ordinal(int i) {
        return (shape & WIDE_ORDS) == 0 ? data[ORDS + i] & 0xFF
                : (data[ORDS + 2 * i] & 0xFF) << 8 | (data[ORDS + 2 * i + 1] & 0xFF);
    }

    StatusTable table() {
        return table;
    }

    /** Bytes of this history's array (for tests of the layout). */
    int packedSize() {
        return data.length;
    }

    /** Where the packed starts begin. */
    private int startsFrom(int count) {
        return ORDS + ((shape & WIDE_ORDS) == 0 ? count : 2 * count);
    }

    /** Where id, key and url begin. */
    private int textFrom() {
        int count = segmentCount();
        return startsFrom(count) + SegmentStarts.size(count, shape & BITS_MASK);
    }

    /** True if both describe the same item metadata and the same segments. */
    public boolean sameAs(StatusHistory other) {
        if (other == null || !itemClass.equals(other.itemClass)) {
            return false;
        }
        if (table == other.table && shape == other.shape) {
            // one table numbers statuses and beginnings alike, so equal items pack to equal bytes
            return Arrays.equals(data, other.data);
        }
        int count = segmentCount();
        if (count != other.segmentCount() || compareCreatedAt(other) != 0 || !itemId().equals(other.itemId())
                || !Objects.equals(key(), other.key()) || !Objects.equals(url(), other.url())) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (startMicros(i) != other.startMicros(i) || !Objects.equals(segmentStatus(i), other.segmentStatus(i))) {
                return false;
            }
        }
        return true;
    }
}
