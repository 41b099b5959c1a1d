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
            RadixSort.sort(values, size, 0);
        }
        double[] seconds = new double[size];
        for (int i = 0; i < size; i++) {
            seconds[i] = Times.secondsOfMicros(values[i]);
        }
        return Durations.of(seconds, size);
    }
}
