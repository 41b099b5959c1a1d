package dev.flowlens.metrics.calc;

import java.util.Map;
import java.util.TreeMap;

/**
 * Intervals [start, end) under a key, counted at any instant t under the strict rule of {@link Sweep}: an interval is
 * in force at t when start &lt; t &lt;= end (end {@link Times#NONE} = open). Each interval is two events, +1 at start
 * and -1 at end, kept per UTC day with per-day totals; so "in force at t" = (totals of the days before t's day) +
 * (events of t's day before t): a binary search over days and a scan of one day, whatever the number of intervals.
 *
 * <p>With {@code sums}, each event also carries its interval's start, and {@link #inForce} returns the sum of the
 * starts of the intervals in force (WIP age). Sums are kept as whole seconds and microseconds in wrapping
 * {@code long}s: the final difference is exact whenever the true value fits, as it does for {@link MicroSum}.
 *
 * <p>Immutable; {@link Builder} makes new snapshots that share every unchanged day.
 */
final class DayEvents {
    private static final int CODE_BITS = 16;

    private final int keys;
    private final boolean sums;
    private final long[] dayNos;
    private final long[][] records;
    /** Totals of days [0, d) at [d * keys + k]. */
    private final int[] cumCount;
    private final long[] cumSec;
    private final long[] cumMicro;

    private DayEvents(int keys, boolean sums, long[] dayNos, long[][] records, int[] cumCount, long[] cumSec,
            long[] cumMicro) {
        this.keys = keys;
        this.sums = sums;
        this.dayNos = dayNos;
        this.records = records;
        this.cumCount = cumCount;
        this.cumSec = cumSec;
        this.cumMicro = cumMicro;
    }

    /**
     * Intervals of each key in force at t, into count[k]; with sums, the sum of their starts as
     * sec[k] * 10^6 + micro[k] (both wrapping).
     */
    void inForce(long t, int[] count, long[] sec, long[] micro) {
        long day = DayStore.dayOf(t);
        int d = firstDayAtOrAfter(day);
        System.arraycopy(cumCount, d * keys, count, 0, keys);
        if (sums) {
            System.arraycopy(cumSec, d * keys, sec, 0, keys);
            System.arraycopy(cumMicro, d * keys, micro, 0, keys);
        }
        if (d == dayNos.length || dayNos[d] != day) {
            return;
        }
        long offset = Math.floorMod(t, Times.DAY_MICROS);
        long[] recs = records[d];
        int stride = sums ? 2 : 1;
        for (int i = 0; i < recs.length; i += stride) {
            long packed = recs[i];
            if ((packed >>> CODE_BITS) >= offset) {
                break;
            }
            int code = (int) (packed & 0xFFFF);
            int key = code >>> 1;
            boolean close = (code & 1) != 0;
            count[key] += close ? -1 : 1;
            if (sums) {
                long start = recs[i + 1];
                long s = Math.floorDiv(start, Times.MICROS);
                long m = Math.floorMod(start, Times.MICROS);
                sec[key] += close ? -s : s;
                micro[key] += close ? -m : m;
            }
        }
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
        private final boolean sums;
        private final DayStore store;
        /** Per built day: count[keys], then (with sums) sec[keys], micro[keys], as longs. */
        private final TreeMap<Long, long[]> totals = new TreeMap<>();
        private DayEvents built;

        Builder(int keys, boolean sums) {
            this(keys, sums, DayStore.DEFAULT_FLUSH_LONGS);
        }

        Builder(int keys, boolean sums, int flushLongs) {
            if (keys > 1 << (CODE_BITS - 1)) {
                throw new IllegalArgumentException("at most " + (1 << (CODE_BITS - 1)) + " keys");
            }
            this.keys = keys;
            this.sums = sums;
            this.store = new DayStore(sums ? 2 : 1, CODE_BITS, flushLongs);
        }

        void add(long start, long end, int key) {
            queue(start, end, key, true);
        }

        void remove(long start, long end, int key) {
            queue(start, end, key, false);
        }

        private void queue(long start, long end, int key, boolean add) {
            event(start, key << 1, start, add);
            if (end != Times.NONE) {
                event(end, (key << 1) | 1, start, add);
            }
        }

        private void event(long time, int code, long start, boolean add) {
            if (sums) {
                if (add) {
                    store.add(time, code, start);
                } else {
                    store.remove(time, code, start);
                }
            } else if (add) {
                store.add(time, code);
            } else {
                store.remove(time, code);
            }
        }

        DayEvents build() {
            if (built != null && !store.dirty()) {
                return built;
            }
            for (long day : store.build()) {
                long[] recs = store.days().get(day);
                if (recs == null) {
                    totals.remove(day);
                } else {
                    totals.put(day, dayTotals(recs));
                }
            }
            int n = totals.size();
            long[] dayNos = new long[n];
            long[][] records = new long[n][];
            int[] cumCount = new int[(n + 1) * keys];
            long[] cumSec = sums ? new long[(n + 1) * keys] : null;
            long[] cumMicro = sums ? new long[(n + 1) * keys] : null;
            int d = 0;
            for (Map.Entry<Long, long[]> e : totals.entrySet()) {
                dayNos[d] = e.getKey();
                records[d] = store.days().get(e.getKey());
                long[] t = e.getValue();
                for (int k = 0; k < keys; k++) {
                    cumCount[(d + 1) * keys + k] = cumCount[d * keys + k] + (int) t[k];
                    if (sums) {
                        cumSec[(d + 1) * keys + k] = cumSec[d * keys + k] + t[keys + k];
                        cumMicro[(d + 1) * keys + k] = cumMicro[d * keys + k] + t[2 * keys + k];
                    }
                }
                d++;
            }
            built = new DayEvents(keys, sums, dayNos, records, cumCount, cumSec, cumMicro);
            return built;
        }

        private long[] dayTotals(long[] recs) {
            long[] t = new long[sums ? 3 * keys : keys];
            int stride = sums ? 2 : 1;
            for (int i = 0; i < recs.length; i += stride) {
                int code = (int) (recs[i] & 0xFFFF);
                int key = code >>> 1;
                boolean close = (code & 1) != 0;
                t[key] += close ? -1 : 1;
                if (sums) {
                    long s = Math.floorDiv(recs[i + 1], Times.MICROS);
                    long m = Math.floorMod(recs[i + 1], Times.MICROS);
                    t[keys + key] += close ? -s : s;
                    t[2 * keys + key] += close ? -m : m;
                }
            }
            return t;
        }
    }
}
