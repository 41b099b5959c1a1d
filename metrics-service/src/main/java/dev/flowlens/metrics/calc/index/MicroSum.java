package dev.flowlens.metrics.calc.index;

import dev.flowlens.metrics.calc.Times;

/**
 * An exact, order-independent sum of microsecond durations. Summing doubles gives a result that depends on the order
 * of the items (the cache and the database hand them over in different orders), so sums are kept as whole seconds
 * plus a microsecond remainder and turned into a double once.
 */
public final class MicroSum {
    private long seconds;
    private long micros;

    public void add(long us) {
        seconds += us / Times.MICROS;
        micros += us % Times.MICROS;
        if (micros >= Times.MICROS || micros <= -Times.MICROS) {
            seconds += micros / Times.MICROS;
            micros %= Times.MICROS;
        }
    }

    /**
     * Adds seconds * 10^6 + micros microseconds, given in two parts (either may be negative) so that a large sum
     * need not fit in one long of microseconds.
     */
    public void addParts(long seconds, long micros) {
        this.seconds += seconds + Math.floorDiv(micros, Times.MICROS);
        this.micros += Math.floorMod(micros, Times.MICROS);
        if (this.micros >= Times.MICROS) {
            this.seconds += this.micros / Times.MICROS;
            this.micros %= Times.MICROS;
        }
    }

    /** The sum in seconds. */
    public double seconds() {
        return micros == 0 ? (double) seconds : seconds + micros / 1e6;
    }
}
