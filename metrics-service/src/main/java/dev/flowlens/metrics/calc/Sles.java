package dev.flowlens.metrics.calc;

import dev.flowlens.internalapi.metrics.Sle;
import dev.flowlens.internalapi.metrics.ValueStream;

/**
 * A stream's service level expectation in the calculators' units (docs/metrics-rules.md "Service level expectation,
 * WIP limits, drill-down, alerts"): days x 86,400 s as microseconds, kept as a double so that fractional days lose
 * nothing; {@link #NONE} (NaN) when the stream has no SLE.
 */
public final class Sles {
    /** No SLE: every comparison with it is false. */
    public static final double NONE = Double.NaN;

    private Sles() {
    }

    /** days x 86,400 x 10^6, or {@link #NONE} without an SLE. */
    public static double micros(ValueStream stream) {
        Sle sle = stream.sle();
        return sle == null || sle.days() == null ? NONE : sle.days() * Times.DAY_MICROS;
    }

    /** Whether the stream has an SLE. */
    public static boolean set(double sleMicros) {
        return !Double.isNaN(sleMicros);
    }

    /** Flow time &lt;= days x 86,400 s. */
    public static boolean within(long flowMicros, double sleMicros) {
        return flowMicros <= sleMicros;
    }

    /** Age &gt; days x 86,400 s (false without an SLE). */
    public static boolean breached(long ageMicros, double sleMicros) {
        return ageMicros > sleMicros;
    }

    /**
     * The breach instant b = flow start + days x 86,400 s, rounded up to the microsecond like every query instant:
     * "the state at b" (transitions before b) is then exact for a fractional b.
     */
    public static long breachAt(long flowStartMicros, double sleMicros) {
        return flowStartMicros + (long) Math.ceil(sleMicros);
    }
}
