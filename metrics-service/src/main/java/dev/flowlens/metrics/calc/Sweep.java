package dev.flowlens.metrics.calc;

import java.time.Instant;

/**
 * Counts, at many query instants at once, how many intervals [start, end) are in force under the strict rule: an
 * interval starting at s is seen by a query at t when s &lt; t, and no longer once its end e &lt; t. Each interval
 * costs two binary searches, so n intervals and q queries cost O((n + q) log q).
 */
final class Sweep {
    private final Instant[] times;
    private final int keys;
    private final int[] diff;

    /** @param times query instants in non-decreasing order */
    Sweep(Instant[] times, int keys) {
        this.times = times;
        this.keys = keys;
        this.diff = new int[(times.length + 1) * keys];
    }

    /** Adds the interval [start, end) (end null = open) under {@code key}. */
    void add(Instant start, Instant end, int key) {
        diff[firstAfter(start) * keys + key]++;
        if (end != null) {
            diff[firstAfter(end) * keys + key]--;
        }
    }

    /** counts[q][key] = intervals of key in force at times[q]. */
    int[][] counts() {
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
    private int firstAfter(Instant t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid].isAfter(t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
