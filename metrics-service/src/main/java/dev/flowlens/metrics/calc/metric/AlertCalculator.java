package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertKind;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Sles;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * WIP_LIMIT and SLE_BREACH alerts (docs/metrics-rules.md "Service level expectation, WIP limits, drill-down,
 * alerts"). Pure.
 *
 * <p>Both rules are causal: what they say about instants before asOf reads only facts dated before asOf. So the
 * alerts of all the facts ({@link #all}: an alert that never ends has no until) are computed once per view of the
 * stream, and each asOf is a cut of them ({@link #asOf}): the alerts with since &lt; asOf, an until at or after asOf
 * read as null (still open as of asOf).
 */
public final class AlertCalculator {
    /** By since, then id. */
    public static final Comparator<Alert> ORDER = Comparator.comparing(Alert::since).thenComparing(Alert::id);

    private AlertCalculator() {
    }

    /**
     * {@code alerts(window)}: the alerts as of asOf = min(window.to, now) whose [since, until or asOf) intersects
     * [from, asOf), ordered by since, then id.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<Alert> alerts(ValueStream stream, List<WorkItemFacts> items, Window window, Instant now) {
        StatusIndex index = StatusIndex.of(stream);
        return inWindow(all(index, FlowCalculator.timelines(index, items)), window, now);
    }

    /** As {@link #alerts(ValueStream, List, Window, Instant)}, from the stream's alerts of all facts ({@link #all}). */
    public static List<Alert> inWindow(List<Alert> all, Window window, Instant now) {
        Window w = window.validate();
        long from = Times.ceilMicros(w.from());
        List<Alert> out = new ArrayList<>();
        for (Alert a : asOf(all, w.asOf(now))) {
            long end = Times.ceilMicros(a.until() != null ? a.until() : w.asOf(now));
            if (end > from) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The alerts known as of asOf, from the stream's alerts of all facts (ordered as {@link #all} gives them): those
     * with since &lt; asOf, with until null unless it is before asOf.
     */
    public static List<Alert> asOf(List<Alert> all, Instant asOf) {
        long cut = Times.ceilMicros(asOf);
        List<Alert> out = new ArrayList<>();
        for (Alert a : all) {
            if (Times.ceilMicros(a.since()) >= cut) {
                continue;
            }
            boolean ended = a.until() != null && Times.ceilMicros(a.until()) < cut;
            out.add(ended || a.until() == null ? a
                    : new Alert(a.id(), a.valueStreamId(), a.kind(), a.stage(), a.itemId(), a.since(), null));
        }
        return out;
    }

    /**
     * Every alert of the stream's items (in-scope timelines, unique by item) over all their facts, ordered by since,
     * then id; until is null for an alert that no fact ends. A stream without WIP limits and SLE has none, and costs
     * no pass over the items.
     */
    public static List<Alert> all(StatusIndex index, Iterable<Timeline> timelines) {
        ValueStream stream = index.stream();
        List<Stage> stages = index.stages();
        int ns = stages.size();
        double sle = Sles.micros(stream);
        boolean anyLimit = false;
        for (Stage s : stages) {
            anyLimit |= s.wipLimit() != null;
        }
        List<Alert> out = new ArrayList<>();
        if (!anyLimit && !Sles.set(sle)) {
            return out;
        }
        Instants[] enters = new Instants[ns];
        Instants[] leaves = new Instants[ns];
        for (int s = 0; s < ns; s++) {
            if (stages.get(s).wipLimit() != null) {
                enters[s] = new Instants();
                leaves[s] = new Instants();
            }
        }
        for (Timeline tl : timelines) {
            if (anyLimit) {
                visits(tl, enters, leaves);
            }
            if (Sles.set(sle)) {
                Alert a = sleBreach(stream.id(), tl, sle);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        for (int s = 0; s < ns; s++) {
            if (enters[s] != null) {
                wipLimit(stream.id(), stages.get(s).name(), stages.get(s).wipLimit(), enters[s], leaves[s], out);
            }
        }
        out.sort(ORDER);
        return out;
    }

    /**
     * The item's visits of the limited stages (maximal runs of segments in one stage): the item is in the stage at t
     * when start &lt; t &lt;= end, so after the changes at instant x it is counted when start &lt;= x &lt; end.
     */
    private static void visits(Timeline tl, Instants[] enters, Instants[] leaves) {
        int n = tl.segmentCount();
        int i = 0;
        while (i < n) {
            short code = tl.code(i);
            int j = i + 1;
            while (j < n && tl.code(j) == code) {
                j++;
            }
            if (code >= 0 && enters[code] != null) {
                enters[code].add(tl.startMicros(i));
                if (j < n) {
                    leaves[code].add(tl.startMicros(j));
                }
            }
            i = j;
        }
    }

    /**
     * One stage's WIP_LIMIT alerts: the count changes only at the instants of its visits' starts and ends; after all
     * the changes at an instant t0 it is above the limit and was not before: an alert opens at t0, and it ends at the
     * first later instant after whose changes the count is at most the limit.
     */
    private static void wipLimit(String streamId, String stage, int limit, Instants enters, Instants leaves,
            List<Alert> out) {
        long[] in = enters.sorted();
        long[] outs = leaves.sorted();
        int a = 0;
        int b = 0;
        int count = 0;
        long since = Times.NONE;
        while (a < in.length || b < outs.length) {
            long t = b >= outs.length || a < in.length && in[a] <= outs[b] ? in[a] : outs[b];
            while (a < in.length && in[a] == t) {
                count++;
                a++;
            }
            while (b < outs.length && outs[b] == t) {
                count--;
                b++;
            }
            if (count > limit && since == Times.NONE) {
                since = t;
            } else if (count <= limit && since != Times.NONE) {
                out.add(alert(streamId, AlertKind.WIP_LIMIT, stage, null, since, t));
                since = Times.NONE;
            }
        }
        if (since != Times.NONE) {
            out.add(alert(streamId, AlertKind.WIP_LIMIT, stage, null, since, Times.NONE));
        }
    }

    /**
     * The item's SLE_BREACH alert: b = flow start + SLE; when the item is not DONE at b (state after the transitions
     * before b), since = b and until = the first entry into DONE at or after b. An entry exactly at b makes since
     * equal until: no alert.
     */
    private static Alert sleBreach(String streamId, Timeline tl, double sle) {
        long start = tl.flowStartMicros(Long.MAX_VALUE);
        if (start == Times.NONE) {
            return null;
        }
        long b = Sles.breachAt(start, sle);
        int i = tl.segmentAtMicros(b);
        if (i < 0 || tl.done(i)) {
            return null;
        }
        long until = Times.NONE;
        for (int j = i + 1; j < tl.segmentCount(); j++) {
            if (tl.done(j)) {
                until = tl.startMicros(j);
                break;
            }
        }
        if (until == b) {
            return null;
        }
        return alert(streamId, AlertKind.SLE_BREACH, null, tl.history().itemId(), b, until);
    }

    private static Alert alert(String streamId, AlertKind kind, String stage, String itemId, long since, long until) {
        String id = streamId + ":" + kind + ":" + (stage != null ? stage : itemId) + ":"
                + Math.floorDiv(since, Times.MICROS);
        return new Alert(id, streamId, kind, stage, itemId, Times.instantOfMicros(since),
                until == Times.NONE ? null : Times.instantOfMicros(until));
    }

    /** A growable list of instants. */
    private static final class Instants {
        private long[] values = new long[8];
        private int size;

        void add(long us) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = us;
        }

        long[] sorted() {
            long[] v = Arrays.copyOf(values, size);
            Arrays.sort(v);
            return v;
        }
    }
}
