package dev.flowlens.metrics.calc.index;

import dev.flowlens.metrics.calc.Times;

/**
 * Counts, at many query instants at once, how many intervals [start, end) are in force under the strict rule: an
 * interval starting at s is seen by a query at t when s &lt; t, and no longer once its end e &lt; t. Each interval
 * costs two binary searches, so n intervals and q queries cost O((n + q) log q). Times are epoch microseconds: query
 * instants rounded up ({@link Times#ceilMicros}), interval bounds as facts are.
 */
public final class Sweep {
    private final long[] times;
    private final int keys;
    private final int[] diff;

    /** @param times query instants in non-decreasing order */
    public Sweep(long[] times, int keys) {
        this.times = times;
        this.keys = keys;
        this.diff = new int[(times.length + 1) * keys];
    }

    /** Adds the interval [start, end) (end {@link Times#NONE} = open) under {@code key}. */
    public void add(long start, long end, int key) {
        int first = firstAfter(start);
        if (first == times.length) {
            return; // starts after every query instant
        }
        diff[first * keys + key]++;
        if (end != Times.NONE) {
            diff[firstAfter(end) * keys + key]--;
        }
    }

    /** counts[q][key] = intervals of key in force at times[q]. */
    public int[][] counts() {
        int[][] counts = new int[times.length][keys];
        int[] running = new int[keys];
        for (int q = 0; q < times.length; q++) {
            for (int k = 0; k < keys; k++) {
                running[k] += diff[q * keys + k];
                counts[q][k] = running[k];
            }
        }
        return counts;
    }

    /** Index of the first query time strictly after t (times.length if none). */
    private int firstAfter(long t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
