package dev.flowlens.metrics.calc.index;

import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.metrics.calc.Times;
import java.util.Arrays;

/**
 * A growable list of durations in microseconds, whose {@link #stats} are those of {@link DurationStats#of} over the
 * durations in seconds. {@link #stats(boolean) stats(true)} first puts the values in order with a radix sort (linear in
 * their number), so that the comparison sort inside {@link DurationStats#of} finds one ascending run; the statistics are
 * computed by the same code either way.
 */
public final class MicroList {
    private static final int DIGIT_BITS = 11;
    private long[] values = new long[16];
    private int size;

    public void add(long us) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = us;
    }

    public int size() {
        return size;
    }

    public DurationStats stats(boolean presort) {
        if (presort) {
            radixSort();
        }
        double[] seconds = new double[size];
        for (int i = 0; i < size; i++) {
            seconds[i] = Times.secondsOfMicros(values[i]);
        }
        return Durations.of(seconds, size);
    }

    /** LSD radix sort of the non-negative values; leaves them as they are if any is negative. */
    private void radixSort() {
        long max = 0;
        for (int i = 0; i < size; i++) {
            if (values[i] < 0) {
                return;
            }
            max = Math.max(max, values[i]);
        }
        long[] a = values;
        long[] b = new long[Math.max(size, 1)];
        int[] count = new int[1 << DIGIT_BITS];
        int mask = (1 << DIGIT_BITS) - 1;
        for (int shift = 0; shift < 64 && (max >>> shift) != 0; shift += DIGIT_BITS) {
            Arrays.fill(count, 0);
            for (int i = 0; i < size; i++) {
                count[(int) ((a[i] >>> shift) & mask)]++;
            }
            for (int d = 0, sum = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < size; i++) {
                b[count[(int) ((a[i] >>> shift) & mask)]++] = a[i];
            }
            long[] t = a;
            a = b;
            b = t;
        }
        values = a;
    }
}
