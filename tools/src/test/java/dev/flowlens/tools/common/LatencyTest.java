package dev.flowlens.tools.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyTest {

    /** Nearest rank over the sorted values, as METRICS.md defines percentiles (what the programs computed before). */
    static double nearestRank(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length / 100.0) - 1)];
    }

    @Test
    void percentilesAreNearestRankWithinTheHistogramsPrecision() {
        Random random = new Random(23);
        for (int n : new int[] {1, 7, 100, 1000, 54_321}) {
            Histogram h = Latency.histogram();
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long micros = 200 + (long) (-Math.log(1 - random.nextDouble()) * 40_000);
                ms[i] = micros / 1000.0;
                h.recordValue(micros);
            }
            Arrays.sort(ms);
            for (double p : new double[] {50, 90, 95, 99}) {
                double expected = nearestRank(ms, p);
                assertThat(Latency.ms(h, p)).as("p%s of %d values", p, n).isCloseTo(expected, within(expected * 0.001 + 0.001));
            }
            assertThat(Latency.maxMs(h)).isCloseTo(ms[n - 1], within(ms[n - 1] * 0.001 + 0.001));
        }
    }

    @Test
    void nothingRecordedIsNotANumber() {
        assertThat(Latency.ms(Latency.histogram(), 99)).isNaN();
        assertThat(Latency.maxMs(Latency.concurrent())).isNaN();
    }

    @Test
    void recordsTheTimeSinceAStartInMicroseconds() throws InterruptedException {
        Histogram h = Latency.histogram();
        long start = System.nanoTime();
        Thread.sleep(20);
        Latency.recordSince(h, start);
        assertThat(h.getTotalCount()).isEqualTo(1);
        assertThat(Latency.ms(h, 50)).isBetween(19.9, 2000.0);
    }
}
