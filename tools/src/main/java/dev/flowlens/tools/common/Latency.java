package dev.flowlens.tools.common;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies recorded in microseconds in HdrHistograms (three significant digits: within 0.1 % of the value
 * measured). Their percentiles are nearest rank, as METRICS.md defines them: the smallest value with at least p %
 * of the recorded values at or below it.
 */
public final class Latency {

    private static final int DIGITS = 3;

    private Latency() {
    }

    /** For one recording thread. */
    public static Histogram histogram() {
        return new Histogram(DIGITS);
    }

    /** For several recording threads. */
    public static ConcurrentHistogram concurrent() {
        return new ConcurrentHistogram(DIGITS);
    }

    /** Records the time from {@code startNanos} (System.nanoTime) to now. */
    public static void recordSince(AbstractHistogram h, long startNanos) {
        h.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1000));
    }

    /** The p-th percentile in milliseconds; NaN when nothing was recorded. */
    public static double ms(AbstractHistogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }

    /** The largest value in milliseconds; NaN when nothing was recorded. */
    public static double maxMs(AbstractHistogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }
}
