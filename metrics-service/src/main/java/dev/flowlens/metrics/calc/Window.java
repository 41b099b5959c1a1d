package dev.flowlens.metrics.calc;

import dev.flowlens.internalapi.metrics.Granularity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A half-open time window [from, to) and the bucket size of its series. Call {@link #validate()} (the calculators
 * do) before use.
 */
public record Window(Instant from, Instant to, Granularity granularity) {

    /** One bucket of a series: [start, end), already cut by the window. */
    public record Bucket(Instant start, Instant end) {
    }

    /**
     * The window with a null granularity replaced by WEEK (the schema default).
     *
     * @throws IllegalArgumentException "window.to must be after window.from" and the like
     */
    public Window validate() {
        if (from == null) {
            throw new IllegalArgumentException("window.from must be given");
        }
        if (to == null) {
            throw new IllegalArgumentException("window.to must be given");
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("window.to must be after window.from");
        }
        return granularity == null ? new Window(from, to, Granularity.WEEK) : this;
    }

    /** asOf = min(to, now): nothing after now is known. */
    public Instant asOf(Instant now) {
        return Times.min(to, now);
    }

    /**
     * The buckets of the window in order: UTC days, weeks starting Monday 00:00 UTC, or UTC calendar months; the
     * first and last are cut by the window.
     */
    public List<Bucket> buckets() {
        Granularity g = granularity == null ? Granularity.WEEK : granularity;
        List<Bucket> buckets = new ArrayList<>();
        Instant start = from;
        while (start.isBefore(to)) {
            Instant end = Times.min(Times.nextBoundary(start, g), to);
            buckets.add(new Bucket(start, end));
            start = end;
        }
        return buckets;
    }

    /** The UTC days that overlap the window: [max(dayStart, from), min(dayEnd, to)), with the day's midnight. */
    public List<Bucket> days() {
        return new Window(from, to, Granularity.DAY).buckets();
    }
}
