package dev.flowlens.metrics.calc.index;

import dev.flowlens.metrics.calc.Times;
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
 * the interval's start); a closing event is two, its offset and code, then the start of the interval it closes, or
 * one when both ends are whole seconds less than 2^durBits seconds apart (the duration in seconds then sits between
 * the offset and the code: times from tools that send whole seconds). The three kinds are kept in three stores, each
 * sorted by offset within a day. Codes take as few bits as the keys need. The stores keep overlays ({@link DayStore}):
 * a day's events are its arrays plus the events added since, less the events removed since, and since every event
 * only adds to the totals, a removed one is simply counted negatively.
 *
 * <p>Immutable; {@link Builder} makes new snapshots that share every unchanged day.
 */
final class DayEvents {
    private static final long[] EMPTY = {};
    /** Offsets in a day need 37 bits; a packed event keeps the sign bit clear. */
    private static final int OFFSET_BITS = 37;
    /** Keys are at most this many (codes key &lt;&lt; 1 | close below 2^20). */
    static final int MAX_KEYS = 1 << 19;

    private final int keys;
    /** Bits of an event's code (key &lt;&lt; 1 | close) below its offset. */
    private final int codeBits;
    /** Bits of a short close's duration in seconds, between its offset and its code. */
    private final int durBits;
    private final long[] dayNos;
    /**
     * Per day: opening events (packed offset and code), closing events (packed, then the interval's start), short
     * closing events (offset, duration in seconds and code packed in one).
     */
    private final PackedDay[] opens;
    private final PackedDay[] closes;
    private final PackedDay[] shortCloses;
    /**
     * Per day, the same three kinds as {@code [kind * 2]} the events added and {@code [kind * 2 + 1]} the events removed
     * since the day's arrays were built (the stores' overlays, {@link DayStore}): a removed event counts negatively.
     */
    private final long[][][] overlays;
    /** Totals of days [0, d) at [d * keys + k]. */
    private final int[] cumCount;
    private final long[] cumSec;
    private final long[] cumMicro;

    private DayEvents(int keys, int codeBits, long[] dayNos, PackedDay[] opens, PackedDay[] closes,
            PackedDay[] shortCloses,
            long[][][] overlays, int[] cumCount, long[] cumSec, long[] cumMicro) {
        this.keys = keys;
        this.codeBits = codeBits;
        this.durBits = 63 - OFFSET_BITS - codeBits;
        this.dayNos = dayNos;
        this.opens = opens;
        this.closes = closes;
        this.shortCloses = shortCloses;
        this.overlays = overlays;
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
        Sums sums = new Sums(codeBits, durBits, count, sec, micro);
        sums.before(offset, opens[d], closes[d], shortCloses[d]);
        long[][] o = overlays[d];
        if (o != null) {
            sums.before(offset, dayStart, o[0], o[2], o[4], 1);
            sums.before(offset, dayStart, o[1], o[3], o[5], -1);
        }
    }

    /** Totals by key that a day's events are added to or taken from. */
    private record Sums(int codeBits, int durBits, int[] count, long[] sec, long[] micro) {
        /**
         * Adds the events of one day's packed arrays, each sorted by offset, whose offset is below {@code offset}
         * ({@link Long#MAX_VALUE}: all).
         */
        void before(long offset, PackedDay o, PackedDay c, PackedDay sc) {
            long[] rec = new long[2];
            PackedDay.Reader r = o.reader();
            while (r.next(rec) && (rec[0] >>> codeBits) < offset) {
                event(rec[0], o.dayStart() + (rec[0] >>> codeBits), codeBits, 1, count, sec, micro);
            }
            r = c.reader();
            while (r.next(rec) && (rec[0] >>> codeBits) < offset) {
                event(rec[0], rec[1], codeBits, 1, count, sec, micro);
            }
            r = sc.reader();
            int shift = codeBits + durBits;
            while (r.next(rec) && (rec[0] >>> shift) < offset) {
                event(rec[0], shortCloseStart(rec[0], sc.dayStart(), codeBits, durBits), codeBits, 1, count, sec,
                        micro);
            }
        }

        /**
         * Adds (sign 1) or takes away (sign -1) the events of one day's arrays, each sorted by offset, whose offset is
         * below {@code offset} ({@link Long#MAX_VALUE}: all).
         */
        void before(long offset, long dayStart, long[] o, long[] c, long[] sc, int sign) {
            for (int i = 0; i < o.length && (o[i] >>> codeBits) < offset; i++) {
                event(o[i], dayStart + (o[i] >>> codeBits), codeBits, sign, count, sec, micro);
            }
            for (int i = 0; i < c.length && (c[i] >>> codeBits) < offset; i += 2) {
                event(c[i], c[i + 1], codeBits, sign, count, sec, micro);
            }
            int shift = codeBits + durBits;
            for (int i = 0; i < sc.length && (sc[i] >>> shift) < offset; i++) {
                event(sc[i], shortCloseStart(sc[i], dayStart, codeBits, durBits), codeBits, sign, count, sec, micro);
            }
        }
    }

    /** The start of a short close's interval: its time less its duration. */
    private static long shortCloseStart(long packed, long dayStart, int codeBits, int durBits) {
        long offset = packed >>> (codeBits + durBits);
        long seconds = (packed >>> codeBits) & ((1L << durBits) - 1);
        return dayStart + offset - seconds * Times.MICROS;
    }

    /** Bits of a code key &lt;&lt; 1 | close for keys [0, keys). */
    static int codeBits(int keys) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(2 * keys - 1));
    }

    /** Adds (sign 1) or takes away (sign -1) one event (packed offset and code, and its interval's start) by key. */
    private static void event(long packed, long start, int codeBits, int sign, int[] count, long[] sec,
            long[] micro) {
        int code = (int) (packed & ((1L << codeBits) - 1));
        int key = code >>> 1;
        int signed = (code & 1) != 0 ? -sign : sign;
        long s = Math.floorDiv(start, Times.MICROS);
        long m = Math.floorMod(start, Times.MICROS);
        count[key] += signed;
        sec[key] += signed * s;
        micro[key] += signed * m;
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
        private final int codeBits;
        private final int durBits;
        private final DayStore opens;
        private final DayStore closes;
        private final DayStore shortCloses;
        /** Per built day: count[keys], sec[keys], micro[keys], as longs (opens and closes together). */
        private final TreeMap<Long, long[]> totals = new TreeMap<>();
        /**
         * Per day, the totals of its packed arrays alone, kept while the arrays are the same objects: a poll touches
         * most days but merges few, so a day's totals are its arrays' (decoded once) plus its small overlays.
         */
        private final Map<Long, BaseTotals> baseTotals = new java.util.HashMap<>();
        private DayEvents built;

        Builder(int keys) {
            this(keys, DayStore.DEFAULT_FLUSH_LONGS);
        }

        Builder(int keys, int flushLongs) {
            this(keys, flushLongs, DayStore.MIN_OVERLAY_RECORDS);
        }

        /** @param minOverlay records a day's overlay may hold before the day is merged (tests make it small) */
        Builder(int keys, int flushLongs, int minOverlay) {
            if (keys > MAX_KEYS) {
                throw new IllegalArgumentException("at most " + MAX_KEYS + " keys");
            }
            this.keys = keys;
            this.codeBits = codeBits(keys);
            this.durBits = 63 - OFFSET_BITS - codeBits;
            this.opens = new DayStore(1, codeBits, flushLongs, true, minOverlay);
            this.closes = new DayStore(2, codeBits, flushLongs, true, minOverlay);
            this.shortCloses = new DayStore(1, codeBits + durBits, flushLongs, true, minOverlay);
        }

        void add(long start, long end, int key) {
            opens.add(start, key << 1);
            if (end == Times.NONE) {
                return;
            }
            long seconds = shortSeconds(start, end);
            if (seconds >= 0) {
                shortCloses.add(end, (int) ((seconds << codeBits) | (key << 1) | 1));
            } else {
                closes.add(end, (key << 1) | 1, start);
            }
        }

        void remove(long start, long end, int key) {
            opens.remove(start, key << 1);
            if (end == Times.NONE) {
                return;
            }
            long seconds = shortSeconds(start, end);
            if (seconds >= 0) {
                shortCloses.remove(end, (int) ((seconds << codeBits) | (key << 1) | 1));
            } else {
                closes.remove(end, (key << 1) | 1, start);
            }
        }

        /** The whole seconds from start to end if both are whole seconds and that fits durBits; else -1. */
        private long shortSeconds(long start, long end) {
            if (Math.floorMod(start, Times.MICROS) != 0 || Math.floorMod(end, Times.MICROS) != 0 || end < start) {
                return -1;
            }
            long seconds = (end - start) / Times.MICROS;
            return seconds < (1L << durBits) && codeBits + durBits <= 31 ? seconds : -1;
        }

        /** True if a store holds runs that the next {@link #build()} merges ({@link DayStore#hasRuns()}). */
        boolean hasRuns() {
            return opens.hasRuns() || closes.hasRuns() || shortCloses.hasRuns();
        }

        DayEvents build() {
            if (built != null && !opens.dirty() && !closes.dirty() && !shortCloses.dirty()) {
                return built;
            }
            java.util.TreeSet<Long> touched = new java.util.TreeSet<>();
            for (long day : opens.build()) {
                touched.add(day);
            }
            for (long day : closes.build()) {
                touched.add(day);
            }
            for (long day : shortCloses.build()) {
                touched.add(day);
            }
            for (long day : touched) {
                long[][] arrays = overlays(day);
                boolean held = opens.base(day).records() + closes.base(day).records()
                        + shortCloses.base(day).records() > 0;
                for (long[] a : arrays) {
                    held |= a.length > 0;
                }
                if (held) {
                    totals.put(day, dayTotals(day, arrays));
                } else {
                    totals.remove(day);
                    baseTotals.remove(day);
                }
            }
            int n = totals.size();
            long[] dayNos = new long[n];
            PackedDay[] openRecs = new PackedDay[n];
            PackedDay[] closeRecs = new PackedDay[n];
            PackedDay[] shortRecs = new PackedDay[n];
            long[][][] overlays = new long[n][][];
            int[] cumCount = new int[(n + 1) * keys];
            long[] cumSec = new long[(n + 1) * keys];
            long[] cumMicro = new long[(n + 1) * keys];
            int d = 0;
            for (Map.Entry<Long, long[]> e : totals.entrySet()) {
                dayNos[d] = e.getKey();
                long[][] arrays = overlays(e.getKey());
                openRecs[d] = opens.base(e.getKey());
                closeRecs[d] = closes.base(e.getKey());
                shortRecs[d] = shortCloses.base(e.getKey());
                if (arrays[3].length + arrays[4].length + arrays[5].length + arrays[6].length + arrays[7].length
                        + arrays[8].length > 0) {
                    overlays[d] = new long[][] {arrays[3], arrays[4], arrays[5], arrays[6], arrays[7], arrays[8]};
                }
                long[] t = e.getValue();
                for (int k = 0; k < keys; k++) {
                    cumCount[(d + 1) * keys + k] = cumCount[d * keys + k] + (int) t[k];
                    cumSec[(d + 1) * keys + k] = cumSec[d * keys + k] + t[keys + k];
                    cumMicro[(d + 1) * keys + k] = cumMicro[d * keys + k] + t[2 * keys + k];
                }
                d++;
            }
            built = new DayEvents(keys, codeBits, dayNos, openRecs, closeRecs, shortRecs, overlays, cumCount, cumSec,
                    cumMicro);
            return built;
        }

        /**
         * A day's overlays, at the indexes they had beside the arrays: [3] opens added, [4] opens removed, [5] closes
         * added, [6] closes removed, [7] short closes added, [8] short closes removed ([0..2] empty: the arrays
         * themselves are packed, {@link DayStore#base}); empty where the day has none.
         */
        private long[][] overlays(long day) {
            long[][] o = opens.overlays(day);
            long[][] c = closes.overlays(day);
            long[][] s = shortCloses.overlays(day);
            return new long[][] {EMPTY, EMPTY, EMPTY, o[0], o[1], c[0], c[1], s[0], s[1]};
        }

        /** The totals of one day's packed arrays (those very objects). */
        private record BaseTotals(PackedDay opens, PackedDay closes, PackedDay shortCloses, int[] count, long[] sec,
                long[] micro) {
        }

        private long[] dayTotals(long day, long[][] a) {
            long[] t = new long[3 * keys];
            int[] count = new int[keys];
            long[] sec = new long[keys];
            long[] micro = new long[keys];
            long dayStart = day * Times.DAY_MICROS;
            Sums sums = new Sums(codeBits, durBits, count, sec, micro);
            PackedDay o = opens.base(day);
            PackedDay c = closes.base(day);
            PackedDay sc = shortCloses.base(day);
            BaseTotals known = baseTotals.get(day);
            if (known == null || known.opens != o || known.closes != c || known.shortCloses != sc) {
                sums.before(Long.MAX_VALUE, o, c, sc);
                known = new BaseTotals(o, c, sc, count.clone(), sec.clone(), micro.clone());
                baseTotals.put(day, known);
            } else {
                System.arraycopy(known.count, 0, count, 0, keys);
                System.arraycopy(known.sec, 0, sec, 0, keys);
                System.arraycopy(known.micro, 0, micro, 0, keys);
            }
            sums.before(Long.MAX_VALUE, dayStart, a[3], a[5], a[7], 1);
            sums.before(Long.MAX_VALUE, dayStart, a[4], a[6], a[8], -1);
            for (int k = 0; k < keys; k++) {
                t[k] = count[k];
                t[keys + k] = sec[k];
                t[2 * keys + k] = micro[k];
            }
            return t;
        }
    }
}
