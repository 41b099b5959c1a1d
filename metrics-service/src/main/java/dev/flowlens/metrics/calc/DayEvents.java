package dev.flowlens.metrics.calc;

import java.util.Map;
import java.util.TreeMap;

/**
 * Intervals [start, end) under a key, counted at any instant t under the strict rule of {@link Sweep}: an interval is
 * in force at t when start &lt; t &lt;= end (end {@link Times#NONE} = open). Each interval is two events, +1 at start
 * and -1 at end, kept per UTC day with per-day totals; so "in force at t" = (totals of the days before t's day) +
 * (events of t's day before t): a binary search over days and a scan of one day, whatever the number of intervals.
 *
 * <p>{@link #inForce} also returns the sum of the starts of the intervals in force (WIP age). Sums are kept as whole
 * seconds and microseconds in wrapping {@code long}s: the final difference is exact whenever the true value fits, as
 * it does for {@link MicroSum}. An opening event is one {@code long}, its offset in the day and its code (its time is
 * the interval's start); a closing event is two, its offset and code, then the start of the interval it closes. The
 * two kinds are kept in two stores, each sorted by offset within a day.
 *
 * <p>Immutable; {@link Builder} makes new snapshots that share every unchanged day.
 */
final class DayEvents {
    /** Bits of an event's code (key &lt;&lt; 1 | close) below its offset in the day (offsets need 37 bits). */
    private static final int CODE_BITS = 20;
    private static final long CODE_MASK = (1L << CODE_BITS) - 1;
    /** Keys are at most this many. */
    static final int MAX_KEYS = 1 << (CODE_BITS - 1);

    private final int keys;
    private final long[] dayNos;
    /** Per day: opening events (packed offset and code), closing events (packed, then the interval's start). */
    private final long[][] opens;
    private final long[][] closes;
    /** Totals of days [0, d) at [d * keys + k]. */
    private final int[] cumCount;
    private final long[] cumSec;
    private final long[] cumMicro;

    private DayEvents(int keys, long[] dayNos, long[][] opens, long[][] closes, int[] cumCount, long[] cumSec,
            long[] cumMicro) {
        this.keys = keys;
        this.dayNos = dayNos;
        this.opens = opens;
        this.closes = closes;
        this.cumCount = cumCount;
        this.cumSec = cumSec;
        this.cumMicro = cumMicro;
    }

    /** Number of keys. */
    int keys() {
        return keys;
    }

    /**
     * Intervals of each key in force at t, into count[k], with the sum of their starts as sec[k] * 10^6 + micro[k]
     * (both wrapping).
     */
    void inForce(long t, int[] count, long[] sec, long[] micro) {
        long day = DayStore.dayOf(t);
        int d = firstDayAtOrAfter(day);
        System.arraycopy(cumCount, d * keys, count, 0, keys);
        System.arraycopy(cumSec, d * keys, sec, 0, keys);
        System.arraycopy(cumMicro, d * keys, micro, 0, keys);
        if (d == dayNos.length || dayNos[d] != day) {
            return;
        }
        long offset = Math.floorMod(t, Times.DAY_MICROS);
        long dayStart = day * Times.DAY_MICROS;
        long[] o = opens[d];
        for (int i = 0; i < o.length && (o[i] >>> CODE_BITS) < offset; i++) {
            event(o[i], dayStart + (o[i] >>> CODE_BITS), count, sec, micro);
        }
        long[] c = closes[d];
        for (int i = 0; i < c.length && (c[i] >>> CODE_BITS) < offset; i += 2) {
            event(c[i], c[i + 1], count, sec, micro);
        }
    }

    /** Adds one event (packed offset and code, and its interval's start) to totals by key. */
    private static void event(long packed, long start, int[] count, long[] sec, long[] micro) {
        int code = (int) (packed & CODE_MASK);
        int key = code >>> 1;
        boolean close = (code & 1) != 0;
        long s = Math.floorDiv(start, Times.MICROS);
        long m = Math.floorMod(start, Times.MICROS);
        count[key] += close ? -1 : 1;
        sec[key] += close ? -s : s;
        micro[key] += close ? -m : m;
    }

    private int firstDayAtOrAfter(long day) {
        int lo = 0;
        int hi = dayNos.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (dayNos[mid] < day) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The mutable side: queue intervals in and out, then {@link #build()} a snapshot. */
    static final class Builder {
        private final int keys;
        private final DayStore opens;
        private final DayStore closes;
        /** Per built day: count[keys], sec[keys], micro[keys], as longs (opens and closes together). */
        private final TreeMap<Long, long[]> totals = new TreeMap<>();
        private DayEvents built;

        Builder(int keys) {
            this(keys, DayStore.DEFAULT_FLUSH_LONGS);
        }

        Builder(int keys, int flushLongs) {
            if (keys > MAX_KEYS) {
                throw new IllegalArgumentException("at most " + MAX_KEYS + " keys");
            }
            this.keys = keys;
            this.opens = new DayStore(1, CODE_BITS, flushLongs);
            this.closes = new DayStore(2, CODE_BITS, flushLongs);
        }

        void add(long start, long end, int key) {
            opens.add(start, key << 1);
            if (end != Times.NONE) {
                closes.add(end, (key << 1) | 1, start);
            }
        }

        void remove(long start, long end, int key) {
            opens.remove(start, key << 1);
            if (end != Times.NONE) {
                closes.remove(end, (key << 1) | 1, start);
            }
        }

        DayEvents build() {
            if (built != null && !opens.dirty() && !closes.dirty()) {
                return built;
            }
            java.util.TreeSet<Long> touched = new java.util.TreeSet<>();
            for (long day : opens.build()) {
                touched.add(day);
            }
            for (long day : closes.build()) {
                touched.add(day);
            }
            for (long day : touched) {
                long[] o = opens.days().get(day);
                long[] c = closes.days().get(day);
                if (o == null && c == null) {
                    totals.remove(day);
                } else {
                    totals.put(day, dayTotals(day, o, c));
                }
            }
            int n = totals.size();
            long[] dayNos = new long[n];
            long[][] openRecs = new long[n][];
            long[][] closeRecs = new long[n][];
            int[] cumCount = new int[(n + 1) * keys];
            long[] cumSec = new long[(n + 1) * keys];
            long[] cumMicro = new long[(n + 1) * keys];
            int d = 0;
            for (Map.Entry<Long, long[]> e : totals.entrySet()) {
                dayNos[d] = e.getKey();
                openRecs[d] = orEmpty(opens.days().get(e.getKey()));
                closeRecs[d] = orEmpty(closes.days().get(e.getKey()));
                long[] t = e.getValue();
                for (int k = 0; k < keys; k++) {
                    cumCount[(d + 1) * keys + k] = cumCount[d * keys + k] + (int) t[k];
                    cumSec[(d + 1) * keys + k] = cumSec[d * keys + k] + t[keys + k];
                    cumMicro[(d + 1) * keys + k] = cumMicro[d * keys + k] + t[2 * keys + k];
                }
                d++;
            }
            built = new DayEvents(keys, dayNos, openRecs, closeRecs, cumCount, cumSec, cumMicro);
            return built;
        }

        private static final long[] EMPTY = {};

        private static long[] orEmpty(long[] a) {
            return a == null ? EMPTY : a;
        }

        private long[] dayTotals(long day, long[] o, long[] c) {
            long[] t = new long[3 * keys];
            int[] count = new int[keys];
            long[] sec = new long[keys];
            long[] micro = new long[keys];
            long dayStart = day * Times.DAY_MICROS;
            if (o != null) {
                for (long packed : o) {
                    event(packed, dayStart + (packed >>> CODE_BITS), count, sec, micro);
                }
            }
            if (c != null) {
                for (int i = 0; i < c.length; i += 2) {
                    event(c[i], c[i + 1], count, sec, micro);
                }
            }
            for (int k = 0; k < keys; k++) {
                t[k] = count[k];
                t[keys + k] = sec[k];
                t[2 * keys + k] = micro[k];
            }
            return t;
        }
    }
}
