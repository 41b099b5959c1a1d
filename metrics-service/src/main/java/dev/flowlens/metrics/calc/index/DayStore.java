package dev.flowlens.metrics.calc.index;

import dev.flowlens.metrics.calc.Times;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable side of a day-bucketed record index ({@link DayEvents}, {@link FinishDays}): records of {@code stride}
 * longs, bucketed by the UTC day of their time. Field 0 of a stored record is {@code (offset << codeBits) | code},
 * where offset is the time's microseconds since its day's midnight (below 2^37) and code a small key; the other
 * fields are the caller's. Within a day, records are sorted by offset.
 *
 * <p>Adds and removes are queued per day and applied by {@link #build()}, which rebuilds only the touched days (or, in
 * overlay mode, gives them new small overlays of what was added and removed); the arrays of a built day are never
 * modified afterwards, so snapshots share the unchanged ones (copy-on-write). A remove names a record by value (every
 * field equal); the record must have been added before. A queue that fills up between builds (a first load) is
 * flushed into sorted packed runs per day, which the next build merges into each day once.
 */
final class DayStore {
    /** Offsets within a day are below 2^37 (86,400,000,000 µs); room for an index below 2^26 when sorting. */
    private static final int INDEX_BITS = 26;

    /**
     * Queued longs beyond which the queue is flushed (a day with additions only into a run, see {@code runs}), so that
     * a first load holds little in queues.
     */
    static final int DEFAULT_FLUSH_LONGS = 1 << 20;
    /**
     * Overlay mode: a remove is checked against a day's packed array at once only while the day holds at most this
     * many records. A poll touches most days, and unpacking every large day for the check made each poll cost the
     * whole index (bin/bench-memory ... polls: 3 times the time); a removed record that a large day does not hold is
     * found when the day is next merged ({@link #without} throws, and the store is rebuilt), a bug either way.
     */
    static final int CHECKED_RECORDS = 4_096;
    /** An overlay is merged into its day once it holds more records than this and more than 1/8 of the day's. */
    static final int MIN_OVERLAY_RECORDS = 64;
    private static final long[] EMPTY = {};

    final int stride;
    final int codeBits;
    private final int flushLongs;
    /**
     * Overlay mode (for readers that only sum what records contribute, {@link DayEvents}): a touched day keeps its
     * sorted array and gets new small sorted arrays of the records added ({@link #plus()}) and removed
     * ({@link #minus()}) since that array was built; the three are merged into a new array only when the overlay
     * grows past 1/8 of the day. A poll that touches every day then copies what it changed, not the whole index.
     */
    private final boolean overlay;
    /** Overlay mode: records an overlay may hold before its day is merged, whatever the day's size. */
    private final int minOverlay;
    private final TreeMap<Long, long[]> plus = new TreeMap<>();
    private final TreeMap<Long, long[]> minus = new TreeMap<>();
    private int queuedLongs;
    /** Why the store became unreliable (a remove that found nothing), or null. */
    private String broken;
    /** Days changed by applying the queue since the last {@link #build()}. */
    private final java.util.TreeSet<Long> touched = new java.util.TreeSet<>();
    /** Built days: day number to its sorted records, packed ({@link PackedDay}). */
    private final TreeMap<Long, PackedDay> days = new TreeMap<>();
    private final Map<Long, LongList> adds = new HashMap<>();
    private final Map<Long, LongList> removes = new HashMap<>();
    /** The day queue an add or remove last went to (null: none since the last flush). */
    private LongList lastAdds;
    private long lastAddDay;
    private LongList lastRemoves;
    private long lastRemoveDay;
    /**
     * Per day, the additions of each queue flush since the last {@link #build()} that had no removal for the day,
     * sorted and packed, in the order they were added: folded into the day once, by the next build or removal. A first
     * load flushes every {@link #flushLongs} queued longs; merging each flush into its days at once made every day be
     * unpacked and packed again at each flush, which cost the load time quadratic in its items (docs/decisions.md,
     * "First load of the day index").
     */
    private final Map<Long, List<PackedDay>> runs = new HashMap<>();

    DayStore(int stride, int codeBits) {
        this(stride, codeBits, DEFAULT_FLUSH_LONGS);
    }

    DayStore(int stride, int codeBits, int flushLongs) {
        this(stride, codeBits, flushLongs, false, MIN_OVERLAY_RECORDS);
    }

    /** @param minOverlay overlay mode: records an overlay may hold before its day is merged (tests make it small) */
    DayStore(int stride, int codeBits, int flushLongs, boolean overlay, int minOverlay) {
        this.stride = stride;
        this.codeBits = codeBits;
        this.flushLongs = flushLongs;
        this.overlay = overlay;
        this.minOverlay = minOverlay;
    }

    /** A growable list of longs. */
    static final class LongList {
        long[] values = new long[16];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    static long dayOf(long time) {
        return Math.floorDiv(time, Times.DAY_MICROS);
    }

    /** Queues a record of stride 1: time and its code (below 2^codeBits). */
    void add(long time, int code) {
        queue(true, time, code);
    }

    /** Queues a record of stride 2: time, its code (below 2^codeBits) and one more field. */
    void add(long time, int code, long field) {
        queue(true, time, code).add(field);
    }

    /** Queues a record: time, its code (below 2^codeBits) and stride - 1 more fields. */
    void add(long time, int code, long... rest) {
        LongList list = queue(true, time, code);
        for (int i = 0; i < stride - 1; i++) {
            list.add(rest[i]);
        }
    }

    /** Queues the removal of a record of stride 1 added before, given exactly as it was added. */
    void remove(long time, int code) {
        queue(false, time, code);
    }

    /** Queues the removal of a record of stride 2 added before, given exactly as it was added. */
    void remove(long time, int code, long field) {
        queue(false, time, code).add(field);
    }

    /** Queues the removal of a record added before, given exactly as it was added. */
    void remove(long time, int code, long... rest) {
        LongList list = queue(false, time, code);
        for (int i = 0; i < stride - 1; i++) {
            list.add(rest[i]);
        }
    }

    /**
     * Appends field 0 of a record to its day's queue of additions or removals and returns that queue, for the caller
     * to append the record's other fields (the overloads above: no array per record); applies the queue first if it is
     * full.
     */
    private LongList queue(boolean add, long time, int code) {
        if (queuedLongs >= flushLongs) {
            applyQueue(false);
        }
        long day = dayOf(time);
        long offset = Math.floorMod(time, Times.DAY_MICROS);
        // an item's records come in time order, so the last day's queue is often the one (and no Long is boxed)
        LongList list;
        if (add && lastAdds != null && lastAddDay == day) {
            list = lastAdds;
        } else if (!add && lastRemoves != null && lastRemoveDay == day) {
            list = lastRemoves;
        } else {
            list = (add ? adds : removes).computeIfAbsent(day, d -> new LongList());
            if (add) {
                lastAdds = list;
                lastAddDay = day;
            } else {
                lastRemoves = list;
                lastRemoveDay = day;
            }
        }
        list.add((offset << codeBits) | code);
        queuedLongs += stride;
        return list;
    }

    /** True if a queue flush left runs that the next {@link #build()} merges (a first load, a very large poll). */
    boolean hasRuns() {
        return !runs.isEmpty();
    }

    /** True if changes were queued since the last {@link #build()}. */
    boolean dirty() {
        return !adds.isEmpty() || !removes.isEmpty() || !runs.isEmpty() || !touched.isEmpty();
    }

    /**
     * Applies the queued changes: the touched days get new arrays (an emptied day is dropped).
     *
     * @return the day numbers whose arrays changed since the last call
     * @throws IllegalStateException if a removed record was not held (the caller's adds and removes disagree); the
     *                               store is then unreliable and must be rebuilt
     */
    long[] build() {
        applyQueue(true);
        if (broken != null) {
            throw new IllegalStateException(broken);
        }
        long[] out = new long[touched.size()];
        int i = 0;
        for (long d : touched) {
            out[i++] = d;
        }
        touched.clear();
        return out;
    }

    /**
     * Applies the queued changes to the days; readers of earlier snapshots keep the arrays they hold. Every queued
     * remove is applied together with every queued add (and the day's runs), so a remove always finds the record it
     * names.
     *
     * @param fold true: every day's runs too (a build); false (a flush): a day with additions only gets them as one
     *             more run
     */
    private void applyQueue(boolean fold) {
        java.util.TreeSet<Long> days = new java.util.TreeSet<>(adds.keySet());
        days.addAll(removes.keySet());
        if (fold) {
            days.addAll(runs.keySet());
        }
        for (long day : days) {
            LongList add = adds.remove(day);
            LongList rem = removes.remove(day);
            if (!fold && rem == null) {
                runs.computeIfAbsent(day, d -> new ArrayList<>(4))
                        .add(PackedDay.pack(sort(Arrays.copyOf(add.values, add.size)), stride, codeBits,
                                day * Times.DAY_MICROS));
                continue;
            }
            long[] added = added(day, add);
            if (overlay) {
                applyToOverlay(day, added, rem);
                continue;
            }
            long[] old = unpacked(day);
            long[] sorted = added.length == 0 ? old : merge(old, added);
            long[] result = sorted;
            if (rem != null) {
                try {
                    result = without(sorted, rem, day);
                } catch (IllegalStateException e) {
                    broken = e.getMessage(); // reported by build(), not by the add or remove that flushed
                }
            }
            putPacked(day, result);
        }
        touched.addAll(days);
        queuedLongs = 0;
        lastAdds = null;
        lastRemoves = null;
    }

    /**
     * A day's additions since it was last changed, sorted by offset with ties in the order they were added (for
     * stride 1, by value, as {@link #sort} orders them): its runs, then the queued ones (null: none); the runs are
     * dropped. Empty if there are none.
     */
    private long[] added(long day, LongList add) {
        List<PackedDay> dayRuns = runs.remove(day);
        if (dayRuns == null) {
            return add == null ? EMPTY : sort(Arrays.copyOf(add.values, add.size));
        }
        List<long[]> sorted = new ArrayList<>(dayRuns.size() + 1);
        for (PackedDay run : dayRuns) {
            sorted.add(run.unpack());
        }
        if (add != null) {
            sorted.add(sort(Arrays.copyOf(add.values, add.size)));
        }
        // adjacent runs merged pairwise, the earlier one first on ties: n log(runs), where sorting all was n log(n)
        while (sorted.size() > 1) {
            List<long[]> next = new ArrayList<>((sorted.size() + 1) / 2);
            for (int i = 0; i < sorted.size(); i += 2) {
                next.add(i + 1 < sorted.size() ? mergeRuns(sorted.get(i), sorted.get(i + 1)) : sorted.get(i));
            }
            sorted = next;
        }
        return sorted.get(0);
    }

    /** Two sorted runs merged in one pass, a's record first where their keys tie (stride 1: the whole value). */
    private long[] mergeRuns(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int o = 0;
        if (stride == 1) {
            while (i < a.length && j < b.length) {
                out[o++] = b[j] < a[i] ? b[j++] : a[i++];
            }
        } else {
            while (i < a.length && j < b.length) {
                if ((b[j] >>> codeBits) < (a[i] >>> codeBits)) {
                    System.arraycopy(b, j, out, o, stride);
                    j += stride;
                } else {
                    System.arraycopy(a, i, out, o, stride);
                    i += stride;
                }
                o += stride;
            }
        }
        System.arraycopy(a, i, out, o, a.length - i);
        o += a.length - i;
        System.arraycopy(b, j, out, o, b.length - j);
        return out;
    }

    /**
     * One day's changes in overlay mode (its additions sorted, {@link #added}): they join the day's overlay, or, once the overlay is large, the day's
     * array and overlay are merged into a new array. Each removed record must be held (in the array or the overlay's
     * additions, more times than the overlay already removes it), else the store is broken (checked at once for a day
     * of at most {@link #CHECKED_RECORDS} records, else when the day is next merged).
     */
    private void applyToOverlay(long day, long[] added, LongList rem) {
        PackedDay packed = days.get(day);
        long[] base = null;
        long[] p = plus.getOrDefault(day, EMPTY);
        long[] m = minus.getOrDefault(day, EMPTY);
        if (added.length > 0) {
            p = merge(p, added);
        }
        if (rem != null) {
            long[] r = sort(Arrays.copyOf(rem.values, rem.size));
            if (broken == null && (packed == null || packed.records() <= CHECKED_RECORDS)) {
                base = unpacked(day);
                String missing = unheld(base, p, m, r, day);
                if (missing != null) {
                    broken = missing;
                }
            }
            m = merge(m, r);
        }
        int overlayRecords = (p.length + m.length) / stride;
        if (overlayRecords > minOverlay && overlayRecords > (packed == null ? 0 : packed.records()) / 8) {
            if (base == null) {
                base = unpacked(day);
            }
            long[] result = p.length == 0 ? base : merge(base, p);
            if (m.length > 0) {
                try {
                    LongList gone = new LongList();
                    gone.values = m;
                    gone.size = m.length;
                    result = without(result, gone, day);
                } catch (IllegalStateException e) {
                    broken = e.getMessage();
                }
            }
            putPacked(day, result);
            plus.remove(day);
            minus.remove(day);
        } else {
            put(plus, day, p);
            put(minus, day, m);
        }
    }

    /** A built day's records, unpacked (a new array; empty if the day has none). */
    private long[] unpacked(long day) {
        PackedDay packed = days.get(day);
        return packed == null ? EMPTY : packed.unpack();
    }

    private void putPacked(long day, long[] records) {
        if (records.length == 0) {
            days.remove(day);
        } else {
            days.put(day, PackedDay.pack(records, stride, codeBits, day * Times.DAY_MICROS));
        }
    }

    private static void put(TreeMap<Long, long[]> to, long day, long[] records) {
        if (records.length == 0) {
            to.remove(day);
        } else {
            to.put(day, records);
        }
    }

    /**
     * Null if every record of sorted {@code removed} is held: for each distinct record, its copies in base and plus
     * outnumber those in minus by at least its copies in removed. Else why not.
     */
    private String unheld(long[] base, long[] plus, long[] minus, long[] removed, long day) {
        for (int i = 0; i < removed.length; i += stride) {
            int same = 1;
            while (i + same * stride < removed.length
                    && Arrays.equals(removed, i, i + stride, removed, i + same * stride, i + (same + 1) * stride)) {
                same++;
            }
            if (copies(base, removed, i) + copies(plus, removed, i) - copies(minus, removed, i) < same) {
                return "day " + day + ": removed record not held";
            }
            i += (same - 1) * stride;
        }
        return null;
    }

    /** Copies in sorted {@code records} of the record at {@code at} of {@code of}. */
    private int copies(long[] records, long[] of, int at) {
        int n = records.length / stride;
        long offset = of[at] >>> codeBits;
        int copies = 0;
        for (int i = firstAtOrAfter(records, n, offset); i < n && (records[i * stride] >>> codeBits) == offset; i++) {
            if (Arrays.equals(records, i * stride, i * stride + stride, of, at, at + stride)) {
                copies++;
            }
        }
        return copies;
    }

    /** The built days, in order (packed, never modified); in overlay mode without their overlays. */
    TreeMap<Long, PackedDay> days() {
        return days;
    }

    /** A built day's sorted records, packed (shared, never modified; empty where the day has none). */
    PackedDay base(long day) {
        PackedDay packed = days.get(day);
        return packed != null ? packed : PackedDay.EMPTY;
    }

    /**
     * Overlay mode: a built day's overlays, {@code [0]} the records added since its array was built and {@code [1]}
     * those removed since; each empty where the day has none (shared, never modified).
     */
    long[][] overlays(long day) {
        return new long[][] {plus.getOrDefault(day, EMPTY), minus.getOrDefault(day, EMPTY)};
    }

    /** Every day with an array or an overlay, in order. */
    java.util.SortedSet<Long> heldDays() {
        java.util.TreeSet<Long> held = new java.util.TreeSet<>(days.keySet());
        held.addAll(plus.keySet());
        held.addAll(minus.keySet());
        return held;
    }

    /** Overlay mode: per day, the records added since its array was built, sorted by offset (shared, never modified). */
    TreeMap<Long, long[]> plus() {
        return plus;
    }

    /** Overlay mode: per day, the records removed since its array was built, sorted by offset (shared, never modified). */
    TreeMap<Long, long[]> minus() {
        return minus;
    }

    /**
     * Two arrays of records sorted by offset, merged: each record of b (a day's few new ones) goes after the records
     * of a (its many old ones) with the same or a smaller offset; the runs of a in between are copied whole.
     */
    private long[] merge(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        long[] out = new long[a.length + b.length];
        int na = a.length / stride;
        int from = 0;
        int o = 0;
        for (int j = 0; j < b.length; j += stride) {
            int at = firstAfter(a, na, from, b[j] >>> codeBits);
            int run = (at - from) * stride;
            System.arraycopy(a, from * stride, out, o, run);
            o += run;
            System.arraycopy(b, j, out, o, stride);
            o += stride;
            from = at;
        }
        System.arraycopy(a, from * stride, out, o, a.length - from * stride);
        return out;
    }

    /** Index of the first record at or after index {@code lo} whose offset is greater than {@code offset}. */
    private int firstAfter(long[] sorted, int n, int lo, long offset) {
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((sorted[mid * stride] >>> codeBits) <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Records sorted by offset, ties in their order (stride 1: sorted by value). */
    private long[] sort(long[] records) {
        int n = records.length / stride;
        if (n >= 1 << INDEX_BITS) {
            throw new IllegalStateException("more than " + (1 << INDEX_BITS) + " records in one day");
        }
        if (stride == 1) {
            RadixSort.sort(records, records.length, 0);
            return records;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((records[i * stride] >>> codeBits) << INDEX_BITS) | i;
        }
        RadixSort.sort(keys, keys.length, INDEX_BITS);
        long[] out = new long[records.length];
        for (int i = 0; i < n; i++) {
            int from = (int) (keys[i] & ((1 << INDEX_BITS) - 1));
            System.arraycopy(records, from * stride, out, i * stride, stride);
        }
        return out;
    }

    private long[] without(long[] sorted, LongList rem, long day) {
        int n = sorted.length / stride;
        boolean[] gone = new boolean[n];
        int removed = 0;
        for (int r = 0; r < rem.size; r += stride) {
            long offset = rem.values[r] >>> codeBits;
            int i = firstAtOrAfter(sorted, n, offset);
            boolean found = false;
            for (; i < n && (sorted[i * stride] >>> codeBits) == offset; i++) {
                if (!gone[i] && Arrays.equals(sorted, i * stride, i * stride + stride, rem.values, r, r + stride)) {
                    gone[i] = true;
                    removed++;
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw new IllegalStateException("day " + day + ": removed record not held");
            }
        }
        long[] out = new long[(n - removed) * stride];
        int o = 0;
        int runStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || gone[i]) {
                int run = (i - runStart) * stride;
                System.arraycopy(sorted, runStart * stride, out, o, run);
                o += run;
                runStart = i + 1;
            }
        }
        return out;
    }

    private int firstAtOrAfter(long[] sorted, int n, long offset) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((sorted[mid * stride] >>> codeBits) < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
