package dev.flowlens.metrics.calc.index;

import dev.flowlens.internalapi.metrics.DurationStats;
import java.util.Arrays;

/**
 * count, mean and nearest-rank percentiles of durations in seconds (METRICS.md "Duration stats"); every statistic
 * of {@link DurationStats} is null when count = 0.
 */
public final class Durations {

    /** The stats of no values. */
    public static final DurationStats EMPTY = new DurationStats(0, null, null, null, null);

    private Durations() {
    }

    /** Stats of the first {@code n} values of {@code values} (the array is sorted in place). */
    public static DurationStats of(double[] values, int n) {
        if (n == 0) {
            return EMPTY;
        }
        Arrays.sort(values, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return new DurationStats(n, sum / n, nearestRank(values, n, 50), nearestRank(values, n, 85),
                nearestRank(values, n, 95));
    }

    /** Stats of all values (the array is sorted in place). */
    public static DurationStats of(double[] values) {
        return of(values, values.length);
    }

    /** x_ceil(p*n/100) of sorted x1..xn (1-based), or null when n = 0. */
    static Double nearestRank(double[] sorted, int n, int p) {
        if (n == 0) {
            return null;
        }
        return sorted[rank(n, p) - 1];
    }

    /** ceil(p*n/100), at least 1. */
    public static int rank(int n, int p) {
        long r = ((long) p * n + 99) / 100;
        return (int) Math.max(1, Math.min(n, r));
    }
}
