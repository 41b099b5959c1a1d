package dev.flowlens.metrics.calc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Flow velocity, time, efficiency, load and distribution (METRICS.md "Flow metrics"). Pure. */
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
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        List<Window.Bucket> buckets = w.buckets();
        int nb = buckets.size();
        long[] bucketStarts = new long[nb];
        long[] loadTimes = new long[nb];
        for (int b = 0; b < nb; b++) {
            bucketStarts[b] = Times.ceilMicros(buckets.get(b).start());
            loadTimes[b] = Times.ceilMicros(Times.min(buckets.get(b).end(), asOf));
        }
        long from = Times.ceilMicros(w.from());
        long to = Times.ceilMicros(w.to());
        long asOfUs = Times.ceilMicros(asOf);
        int[] velocityByType = new int[TYPES.length];
        int[] velocityByBucket = new int[nb];
        DoubleList flowTimes = new DoubleList();
        DoubleList leadTimes = new DoubleList();
        MicroSum activeSum = new MicroSum();
        MicroSum flowSum = new MicroSum();
        Sweep load = new Sweep(loadTimes, TYPES.length);

        // Intervals that end before the first load time cancel out in the sweep, and an item that is quiet from
        // min(from, first load time) on can neither finish in the window nor be in flow at a load time.
        long quiet = Math.min(from, loadTimes[0]);
        long lastLoad = loadTimes[nb - 1];
        for (Timeline tl : timelines) {
            if (tl.quietFrom(quiet)) {
                continue;
            }
            int type = typeOf(tl.item()).ordinal();
            long end = tl.flowEndMicros(asOfUs);
            if (end != Times.NONE && end >= from && end < to) {
                velocityByType[type]++;
                velocityByBucket[Times.lastBefore(bucketStarts, nb, end + 1)]++;
                long start = tl.flowStartMicros(end);
                if (start != Times.NONE) {
                    flowTimes.add(Times.secondsOfMicros(end - start));
                    leadTimes.add(Times.secondsOfMicros(end - tl.createdAtMicros()));
                    flowSum.add(end - start);
                    activeSum.add(tl.activeMicros(start, end));
                }
            }
            int n = tl.segmentCount();
            for (int i = Math.max(0, tl.segmentAtMicros(loadTimes[0])); i < n && tl.startMicros(i) < lastLoad; i++) {
                if (tl.inFlow(i)) {
                    load.add(tl.startMicros(i), tl.endMicros(i), type);
                }
            }
        }

        int velocity = sum(velocityByType);
        List<SeriesPoint> velocitySeries = new ArrayList<>(nb);
        List<SeriesPoint> loadSeries = new ArrayList<>(nb);
        int[][] loadCounts = load.counts();
        for (int b = 0; b < nb; b++) {
            Window.Bucket bucket = buckets.get(b);
            velocitySeries.add(new SeriesPoint(bucket.start(), bucket.end(), velocityByBucket[b]));
            loadSeries.add(new SeriesPoint(bucket.start(), bucket.end(), sum(loadCounts[b])));
        }
        // The last load time is min(to, asOf) = asOf: the window's load.
        int[] loadByType = loadCounts[nb - 1];
        int loadTotal = sum(loadByType);
        return new FlowMetrics(velocity, typeCounts(velocityByType), velocitySeries, flowTimes.stats(),
                leadTimes.stats(), flowTimes.size() == 0 ? null : activeSum.seconds() / flowSum.seconds(), loadTotal,
                typeCounts(loadByType), loadSeries, typeShares(velocityByType, velocity),
                typeShares(loadByType, loadTotal));
    }

    /** Timelines of the items that pass the stream's scope, in input order. */
    static List<Timeline> timelines(StatusIndex index, List<WorkItemFacts> items) {
        Scope scope = index.stream().scope();
        List<Timeline> out = new ArrayList<>(items.size());
        for (WorkItemFacts item : items) {
            if (scope.matchesItem(item)) {
                out.add(Timeline.of(item, index));
            }
        }
        return out;
    }

    /** The item's type; a missing type counts as FEATURE, the Flow Framework's default. */
    static ItemType typeOf(WorkItemFacts item) {
        return item.itemType() == null ? ItemType.FEATURE : item.itemType();
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
