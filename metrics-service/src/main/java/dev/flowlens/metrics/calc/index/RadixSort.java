package dev.flowlens.metrics.calc.index;

import java.util.Arrays;

/** The index's sort of primitive longs (day-store flushes, {@link MicroList}'s durations). */
final class RadixSort {
    private RadixSort() {
    }

    /** Below this many values, {@link #sort} leaves them to {@link Arrays#sort}. */
    private static final int RADIX_MIN = 256;

    /**
     * Sorts the first {@code n} values in ascending order, as {@link Arrays#sort} does, where the bits below {@code
     * fromBit} already ascend in the array's order (an index, or nothing: {@code fromBit} 0), so that only the bits
     * from there up are sorted on: a least-significant-digit radix sort, one byte a pass (stable), passes in which
     * every value has the same byte skipped. A {@link DayStore} flush sorts every day's queued records, and {@link
     * Arrays#sort}'s comparisons were an eighth of a first load's builder thread under the client compiler the service
     * runs with. Small arrays, and any with a negative value, go to {@link Arrays#sort}.
     */
    static void sort(long[] a, int n, int fromBit) {
        long or = 0;
        for (int i = 0; i < n; i++) {
            or |= a[i];
        }
        if (n < RADIX_MIN || or < 0) {
            Arrays.sort(a, 0, n);
            return;
        }
        int bits = 64 - Long.numberOfLeadingZeros(or >>> fromBit);
        int passes = (bits + 7) / 8;
        int[] counts = new int[passes * 256];
        for (int i = 0; i < n; i++) {
            long key = a[i] >>> fromBit;
            for (int p = 0; p < passes; p++) {
                counts[p * 256 + (int) ((key >>> (8 * p)) & 0xFF)]++;
            }
        }
        long[] src = a;
        long[] dst = new long[n];
        for (int p = 0; p < passes; p++) {
            int base = p * 256;
            int shift = fromBit + 8 * p;
            if (counts[base + (int) ((src[0] >>> shift) & 0xFF)] == n) {
                continue; // every value has this byte
            }
            int at = 0;
            for (int b = 0; b < 256; b++) {
                int c = counts[base + b];
                counts[base + b] = at;
                at += c;
            }
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[counts[base + (int) ((v >>> shift) & 0xFF)]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }
}
