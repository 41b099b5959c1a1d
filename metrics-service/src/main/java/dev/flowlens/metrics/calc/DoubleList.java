package dev.flowlens.metrics.calc;

import dev.flowlens.internalapi.metrics.DurationStats;
import java.util.Arrays;

/** A growable list of primitive doubles, to collect durations without boxing. */
final class DoubleList {
    private double[] values = new double[16];
    private int size;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    DurationStats stats() {
        return Durations.of(values, size);
    }
}
