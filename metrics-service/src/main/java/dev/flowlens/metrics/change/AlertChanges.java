package dev.flowlens.metrics.change;

import dev.flowlens.internalapi.metrics.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is news in one stream's alerts: given its alerts as of now (ordered by since, then id), the ones raised or
 * ended since the last look. Pure; not thread-safe.
 *
 * <p>An alert is raised when its id was not known at the last look, ended when it was known open and now has an
 * until. One raised and ended between two looks (its facts came together) is announced once, ended. What the look
 * is about decides how much of the past is news ({@link Look}). An alert that late facts take back (its id no longer
 * derived) is dropped silently: the rules derive alerts from the facts, and a push cannot be taken back.
 */
final class AlertChanges {
    /** What changed since the last look. */
    enum Look {
        /** The announcer's first look at all streams (start-up, a new lease holder): everything is history. */
        BASELINE,
        /**
         * A stream seen for the first time, or whose definition changed: its past is recomputed, so only the alerts
         * open now are news (raised), and the known-open ones that ended.
         */
        NEW_DEFINITION,
        /** New facts, or the clock: every new id is news. */
        NEW_FACTS
    }

    /** By alert id: whether it was open at the last look; null before the first. */
    private Map<String, Boolean> open;

    /** The alerts raised or ended since the last look, in the order given. */
    List<Alert> since(List<Alert> current, Look look) {
        Map<String, Boolean> now = new HashMap<>(current.size() * 2);
        List<Alert> news = new ArrayList<>();
        for (Alert a : current) {
            now.put(a.id(), a.until() == null);
            if (look == Look.BASELINE) {
                continue;
            }
            Boolean wasOpen = open == null ? null : open.get(a.id());
            if (wasOpen == null ? a.until() == null || look == Look.NEW_FACTS : wasOpen && a.until() != null) {
                news.add(a);
            }
        }
        open = now;
        return news;
    }

    /**
     * The first instant after {@code now} at which the alerts as of a later instant can differ without new facts:
     * the next since or until after now (an SLE breach begins when its instant passes); null when none.
     */
    static Instant nextChange(List<Alert> all, Instant now) {
        Instant next = null;
        for (Alert a : all) {
            for (Instant t : new Instant[] {a.since(), a.until()}) {
                if (t != null && !t.isBefore(now) && (next == null || t.isBefore(next))) {
                    next = t;
                }
            }
        }
        return next;
    }
}
