package dev.flowlens.metrics.calc.index;

import dev.flowlens.internalapi.metrics.DurationStats;
import java.util.Arrays;

/** A growable list of primitive doubles, to collect durations without boxing. */
public final class DoubleList {
    private double[] values = new double[16];
    private int size;

    public void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public int size() {
        return size;
    }

    public DurationStats stats() {
        return Durations.of(values, size);
    }
}
