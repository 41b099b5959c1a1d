package dev.flowlens.metrics.calc;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable side of a day-bucketed record index ({@link DayEvents}, {@link FinishDays}): records of {@code stride}
 * longs, bucketed by the UTC day of their time. Field 0 of a stored record is {@code (offset << codeBits) | code},
 * where offset is the time's microseconds since its day's midnight (below 2^37) and code a small key; the other
 * fields are the caller's. Within a day, records are sorted by offset.
 *
 * <p>Adds and removes are queued per day and applied by {@link #build()}, which rebuilds only the touched days; the
 * arrays of a built day are never modified afterwards, so snapshots share the unchanged ones (copy-on-write). A
 * remove names a record by value (every field equal); the record must have been added before.
 */
final class DayStore {
    /** Offsets within a day are below 2^37 (86,400,000,000 µs); room for an index below 2^26 when sorting. */
    private static final int INDEX_BITS = 26;

    /** Queued longs beyond which the queue is applied at once, so that a first load holds little in queues. */
    static final int DEFAULT_FLUSH_LONGS = 1 << 20;

    final int stride;
    final int codeBits;
    private final int flushLongs;
    private int queuedLongs;
    /** Why the store became unreliable (a remove that found nothing), or null. */
    private String broken;
    /** Days changed by applying the queue since the last {@link #build()}. */
    private final java.util.TreeSet<Long> touched = new java.util.TreeSet<>();
    /** Built days: day number to its sorted records. */
    private final TreeMap<Long, long[]> days = new TreeMap<>();
    private final Map<Long, LongList> adds = new HashMap<>();
    private final Map<Long, LongList> removes = new HashMap<>();

    DayStore(int stride, int codeBits) {
        this(stride, codeBits, DEFAULT_FLUSH_LONGS);
    }

    DayStore(int stride, int codeBits, int flushLongs) {
        this.stride = stride;
        this.codeBits = codeBits;
        this.flushLongs = flushLongs;
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

    /** Queues a record: time, its code (below 2^codeBits) and stride - 1 more fields. */
    void add(long time, int code, long... rest) {
        queue(adds, time, code, rest);
    }

    /** Queues the removal of a record added before, given exactly as it was added. */
    void remove(long time, int code, long... rest) {
        queue(removes, time, code, rest);
    }

    private void queue(Map<Long, LongList> to, long time, int code, long[] rest) {
        long day = dayOf(time);
        long offset = Math.floorMod(time, Times.DAY_MICROS);
        LongList list = to.computeIfAbsent(day, d -> new LongList());
        list.add((offset << codeBits) | code);
        for (int i = 0; i < stride - 1; i++) {
            list.add(rest[i]);
        }
        queuedLongs += stride;
        if (queuedLongs >= flushLongs) {
            applyQueue();
        }
    }

    /** True if changes were queued since the last {@link #build()}. */
    boolean dirty() {
        return !adds.isEmpty() || !removes.isEmpty() || !touched.isEmpty();
    }

    /**
     * Applies the queued changes: the touched days get new arrays (an emptied day is dropped).
     *
     * @return the day numbers whose arrays changed since the last call
     * @throws IllegalStateException if a removed record was not held (the caller's adds and removes disagree); the
     *                               store is then unreliable and must be rebuilt
     */
    long[] build() {
        applyQueue();
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
     * remove is applied together with every queued add, so a remove always finds the record it names.
     */
    private void applyQueue() {
        java.util.TreeSet<Long> days = new java.util.TreeSet<>(adds.keySet());
        days.addAll(removes.keySet());
        for (long day : days) {
            long[] old = this.days.getOrDefault(day, new long[0]);
            LongList add = adds.get(day);
            LongList rem = removes.get(day);
            long[] sorted = add == null ? old : merge(old, sort(Arrays.copyOf(add.values, add.size)));
            long[] result = sorted;
            if (rem != null) {
                try {
                    result = without(sorted, rem, day);
                } catch (IllegalStateException e) {
                    broken = e.getMessage(); // reported by build(), not by the add or remove that flushed
                }
            }
            if (result.length == 0) {
                this.days.remove(day);
            } else {
                this.days.put(day, result);
            }
            adds.remove(day);
            removes.remove(day);
        }
        touched.addAll(days);
        queuedLongs = 0;
    }

    /** The built days, in order (arrays shared, never modified). */
    TreeMap<Long, long[]> days() {
        return days;
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

    /** Records sorted by offset (ties in any order). */
    private long[] sort(long[] records) {
        int n = records.length / stride;
        if (n >= 1 << INDEX_BITS) {
            throw new IllegalStateException("more than " + (1 << INDEX_BITS) + " records in one day");
        }
        if (stride == 1) {
            Arrays.sort(records);
            return records;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((records[i * stride] >>> codeBits) << INDEX_BITS) | i;
        }
        Arrays.sort(keys);
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
