package dev.flowlens.metrics.calc;

import dev.flowlens.internalapi.metrics.Granularity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** UTC calendar arithmetic and exact second differences. */
public final class Times {
    public static final long DAY_SECONDS = 86_400L;

    private Times() {
    }

    /** Microseconds per second and per day. */
    public static final long MICROS = 1_000_000L;
    public static final long DAY_MICROS = DAY_SECONDS * MICROS;
    /** "No such instant" in the microsecond API (never a valid fact time). */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * A fact time in epoch microseconds, rounded down. PostgreSQL's timestamptz holds microseconds, so nothing read
     * from the database changes; only sub-microsecond parts of times given directly to the calculators are dropped.
     * Saturates instead of overflowing (years beyond +-290,000).
     */
    public static long floorMicros(Instant t) {
        long s = t.getEpochSecond();
        if (s > Long.MAX_VALUE / MICROS - 1) {
            return Long.MAX_VALUE;
        }
        if (s < Long.MIN_VALUE / MICROS + 1) {
            return Long.MIN_VALUE + 1;
        }
        return s * MICROS + t.getNano() / 1000;
    }

    /**
     * A query instant (window bound, asOf, bucket end) in epoch microseconds, rounded up. For a fact time x that is a
     * whole number of microseconds, {@code x < t <=> x < ceil(t)}, {@code x >= t <=> x >= ceil(t)} and
     * {@code t > x <=> ceil(t) > x}: every comparison between a fact and a query instant stays exact.
     */
    public static long ceilMicros(Instant t) {
        long us = floorMicros(t);
        return t.getNano() % 1000 != 0 && us < Long.MAX_VALUE ? us + 1 : us;
    }

    /** The instant of epoch microseconds. */
    public static Instant instantOfMicros(long us) {
        return Instant.ofEpochSecond(Math.floorDiv(us, MICROS), Math.floorMod(us, MICROS) * 1000);
    }

    /** A duration in microseconds as seconds (exact for whole seconds; otherwise the nearest double). */
    public static double secondsOfMicros(long us) {
        return us / 1e6;
    }

    /** UTC midnight at or before epoch microseconds us. */
    public static long floorDayMicros(long us) {
        return Math.floorDiv(us, DAY_MICROS) * DAY_MICROS;
    }

    /** Index of the last element of sorted {@code starts} that is strictly before t, or -1. */
    public static int lastBefore(long[] starts, int size, long t) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** b - a in seconds, exact to the nanosecond (as far as a double carries it). */
    public static double seconds(Instant a, Instant b) {
        return (b.getEpochSecond() - a.getEpochSecond()) + (b.getNano() - a.getNano()) / 1e9;
    }

    public static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** UTC midnight at or before t. */
    public static Instant floorDay(Instant t) {
        return t.truncatedTo(ChronoUnit.DAYS);
    }

    /** The first bucket boundary strictly after t. */
    static Instant nextBoundary(Instant t, Granularity g) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        LocalDate next;
        switch (g) {
            case DAY:
                next = day.plusDays(1);
                break;
            case WEEK:
                next = day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
                break;
            case MONTH:
                next = day.withDayOfMonth(1).plusMonths(1);
                break;
            default:
                throw new IllegalArgumentException("granularity: " + g);
        }
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Index of the last element of sorted {@code starts} that is strictly before t, or -1. */
    public static int lastBefore(Instant[] starts, int size, Instant t) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid].isBefore(t)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
