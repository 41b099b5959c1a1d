package dev.flowlens.metrics.calc;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** UTC calendar arithmetic and exact second differences. */
final class Times {
    static final long DAY_SECONDS = 86_400L;

    private Times() {
    }

    /** b - a in seconds, exact to the nanosecond (as far as a double carries it). */
    static double seconds(Instant a, Instant b) {
        return (b.getEpochSecond() - a.getEpochSecond()) + (b.getNano() - a.getNano()) / 1e9;
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** UTC midnight at or before t. */
    static Instant floorDay(Instant t) {
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
    static int lastBefore(Instant[] starts, int size, Instant t) {
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
