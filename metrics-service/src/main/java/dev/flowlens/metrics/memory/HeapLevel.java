package dev.flowlens.metrics.memory;

/**
 * Heap use after garbage collection against the warning ratio: one warning per crossing. A crossing is a collection
 * that leaves the heap at or above the ratio after the last one left it below; the warning re-arms only once a
 * collection leaves it below the ratio minus {@link #REARM_MARGIN}, so a heap that hovers at the ratio does not warn
 * after every collection. Thread-safe (collections are reported on the JDK's notification thread, read by requests).
 */
final class HeapLevel {

    /** How far below the warning ratio a collection must leave the heap for the next crossing to warn again. */
    static final double REARM_MARGIN = 0.05;

    /** What one reported collection changed. */
    enum Change {
        /** The heap crossed the ratio upwards: warn. */
        CROSSED_ABOVE,
        /** The heap is back below the re-arm level after a warning. */
        BACK_BELOW,
        /** Nothing to report. */
        NONE
    }

    /** The last reported collection: bytes in use after it, the most the heap can hold, and whether it is above. */
    record Reading(long usedAfterGc, long max, double ratio, boolean above) {
    }

    private final double warnRatio;
    private Reading last = new Reading(0, 0, 0, false);

    HeapLevel(double warnRatio) {
        if (!(warnRatio > 0 && warnRatio <= 1)) {
            throw new IllegalArgumentException("flowlens.heap.warn-ratio must be more than 0 and at most 1, not "
                    + warnRatio);
        }
        this.warnRatio = warnRatio;
    }

    double warnRatio() {
        return warnRatio;
    }

    /** Records a collection that left {@code usedAfterGc} bytes of at most {@code max} in use. */
    synchronized Change record(long usedAfterGc, long max) {
        if (max <= 0) {
            return Change.NONE;
        }
        double ratio = (double) usedAfterGc / max;
        boolean wasAbove = last.above();
        boolean above = wasAbove ? ratio >= warnRatio - REARM_MARGIN : ratio >= warnRatio;
        last = new Reading(usedAfterGc, max, ratio, above);
        if (above && !wasAbove) {
            return Change.CROSSED_ABOVE;
        }
        return !above && wasAbove ? Change.BACK_BELOW : Change.NONE;
    }

    synchronized Reading last() {
        return last;
    }
}
