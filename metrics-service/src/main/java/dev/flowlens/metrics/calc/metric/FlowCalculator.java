package dev.flowlens.metrics.calc.metric;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.SeriesPoint;
import dev.flowlens.internalapi.metrics.TypeCount;
import dev.flowlens.internalapi.metrics.TypeShare;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.Sles;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.MicroList;
import dev.flowlens.metrics.calc.index.MicroSum;
import dev.flowlens.metrics.calc.index.Sweep;
import dev.flowlens.metrics.calc.index.WindowIndex;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow velocity, time, efficiency, load and distribution (METRICS.md "Flow metrics"), and the SLE attainment
 * (docs/metrics-rules.md "Service level expectation..."). Pure.
 */
public final class FlowCalculator {
    private static final ItemType[] TYPES = ItemType.values();

    private FlowCalculator() {
    }

    /**
     * Flow metrics of the stream's items over the window, as of asOf = min(window.to, now).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static FlowMetrics flow(ValueStream stream, List<WorkItemFacts> items, Window window, Instant now) {
        StatusIndex index = StatusIndex.of(stream);
        return flow(index, timelines(index, items), window, now);
    }

    /**
     * As {@link #flow(ValueStream, List, Window, Instant)}, from prebuilt timelines of the stream's in-scope items
     * (unique by item).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static FlowMetrics flow(StatusIndex index, List<Timeline> timelines, Window window, Instant now) {
        Query q = new Query(window, now, Sles.micros(index.stream()));
        int nb = q.nb;
        long[] loadTimes = q.loadTimes;
        Sweep load = new Sweep(loadTimes, TYPES.length);

        // Intervals that end before the first load time cancel out in the sweep, and an item that is quiet from
        // min(from, first load time) on can neither finish in the window nor be in flow at a load time.
        long quiet = Math.min(q.from, loadTimes[0]);
        long lastLoad = loadTimes[nb - 1];
        for (Timeline tl : timelines) {
            if (tl.quietFrom(quiet)) {
                continue;
            }
            int type = WorkItemFacts.typeOf(tl.history().itemType()).ordinal();
            long end = tl.flowEndMicros(q.asOf);
            if (end != Times.NONE && end >= q.from && end < q.to) {
                long start = tl.flowStartMicros(end);
                q.finished(end, start, tl.createdAtMicros(), start == Times.NONE ? 0 : tl.activeMicros(start, end),
                        type);
            }
            int n = tl.segmentCount();
            for (int i = Math.max(0, tl.segmentAtMicros(loadTimes[0])); i < n && tl.startMicros(i) < lastLoad; i++) {
                if (tl.inFlow(i)) {
                    load.add(tl.startMicros(i), tl.endMicros(i), type);
                }
            }
        }
        return q.result(load.counts(), false);
    }

    /**
     * As {@link #flow(StatusIndex, List, Window, Instant)}, from a stream's {@link WindowIndex}: the finished items
     * are the index's finishes in the window, the load at each bucket's end a count of flow intervals in force.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static FlowMetrics flow(StatusIndex index, WindowIndex windows, Window window, Instant now) {
        Query q = new Query(window, now, Sles.micros(index.stream()));
        windows.finishedIn(q.from, q.asOf,
                (end, start, created, active, type, record, stageOffset) -> q.finished(end, start, created, active,
                        type));
        int[][] loadCounts = new int[q.nb][TYPES.length];
        for (int b = 0; b < q.nb; b++) {
            windows.loadAt(q.loadTimes[b], loadCounts[b]);
        }
        return q.result(loadCounts, true);
    }

    /** One flow query: its instants, what the finished items add up to, and the result. */
    private static final class Query {
        final List<Window.Bucket> buckets;
        final int nb;
        final long[] bucketStarts;
        final long[] loadTimes;
        final long from;
        final long to;
        final long asOf;
        final int[] velocityByType = new int[TYPES.length];
        final int[] velocityByBucket;
        final MicroList flowTimes = new MicroList();
        final MicroList leadTimes = new MicroList();
        final MicroSum activeSum = new MicroSum();
        final MicroSum flowSum = new MicroSum();
        /** The SLE in microseconds ({@link Sles#NONE} without one), and the finished items within it. */
        final double sle;
        int withinSle;

        Query(Window window, Instant now, double sle) {
            this.sle = sle;
            Window w = window.validate();
            Instant asOfInstant = w.asOf(now);
            buckets = w.buckets();
            nb = buckets.size();
            bucketStarts = new long[nb];
            loadTimes = new long[nb];
            for (int b = 0; b < nb; b++) {
                bucketStarts[b] = Times.ceilMicros(buckets.get(b).start());
                loadTimes[b] = Times.ceilMicros(Times.min(buckets.get(b).end(), asOfInstant));
            }
            from = Times.ceilMicros(w.from());
            to = Times.ceilMicros(w.to());
            asOf = Times.ceilMicros(asOfInstant);
            velocityByBucket = new int[nb];
        }

        /** An item whose flow end as of asOf lies in [from, to); start is its flow start or {@link Times#NONE}. */
        void finished(long end, long start, long createdAt, long activeMicros, int type) {
            velocityByType[type]++;
            velocityByBucket[Times.lastBefore(bucketStarts, nb, end + 1)]++;
            if (start != Times.NONE) {
                flowTimes.add(end - start);
                leadTimes.add(end - createdAt);
                flowSum.add(end - start);
                activeSum.add(activeMicros);
                if (Sles.within(end - start, sle)) {
                    withinSle++;
                }
            }
        }

        /**
         * @param loadCounts items in flow at each load time, by type
         * @param presort    radix-sort the durations first (the same statistics, faster for many)
         */
        FlowMetrics result(int[][] loadCounts, boolean presort) {
            int velocity = sum(velocityByType);
            List<SeriesPoint> velocitySeries = new ArrayList<>(nb);
            List<SeriesPoint> loadSeries = new ArrayList<>(nb);
            for (int b = 0; b < nb; b++) {
                Window.Bucket bucket = buckets.get(b);
                velocitySeries.add(new SeriesPoint(bucket.start(), bucket.end(), velocityByBucket[b]));
                loadSeries.add(new SeriesPoint(bucket.start(), bucket.end(), sum(loadCounts[b])));
            }
            // The last load time is min(to, asOf) = asOf: the window's load.
            int[] loadByType = loadCounts[nb - 1];
            int loadTotal = sum(loadByType);
            return new FlowMetrics(velocity, typeCounts(velocityByType), velocitySeries, flowTimes.stats(presort),
                    leadTimes.stats(presort), flowTimes.size() == 0 ? null : activeSum.seconds() / flowSum.seconds(),
                    loadTotal, typeCounts(loadByType), loadSeries, typeShares(velocityByType, velocity),
                    typeShares(loadByType, loadTotal),
                    !Sles.set(sle) || flowTimes.size() == 0 ? null : (double) withinSle / flowTimes.size());
        }
    }

    /** Timelines of the items that pass the stream's scope, in input order. */
    static List<Timeline> timelines(StatusIndex index, List<WorkItemFacts> items) {
        Scope scope = index.stream().scope();
        List<Timeline> out = new ArrayList<>(items.size());
        for (WorkItemFacts item : items) {
            if (Scopes.matchesItem(scope, item.project(), item.team(), item.itemType())) {
                out.add(Timeline.of(item, index));
            }
        }
        return out;
    }

    /** The item's type; a missing type counts as FEATURE, the Flow Framework's default. */
    static ItemType typeOf(WorkItemFacts item) {
        return WorkItemFacts.typeOf(item.itemType());
    }

    static List<TypeCount> typeCounts(int[] counts) {
        List<TypeCount> list = new ArrayList<>(TYPES.length);
        for (ItemType t : TYPES) {
            list.add(new TypeCount(t, counts[t.ordinal()]));
        }
        return List.copyOf(list);
    }

    static List<TypeShare> typeShares(int[] counts, int total) {
        List<TypeShare> list = new ArrayList<>(TYPES.length);
        for (ItemType t : TYPES) {
            list.add(new TypeShare(t, total == 0 ? 0.0 : (double) counts[t.ordinal()] / total));
        }
        return List.copyOf(list);
    }

    static int sum(int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }
}
