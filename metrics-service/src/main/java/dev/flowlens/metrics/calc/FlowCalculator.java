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
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        StatusIndex index = StatusIndex.of(stream);
        Scope scope = index.stream().scope();
        List<Window.Bucket> buckets = w.buckets();
        int nb = buckets.size();
        Instant[] bucketStarts = new Instant[nb];
        Instant[] loadTimes = new Instant[nb];
        for (int b = 0; b < nb; b++) {
            bucketStarts[b] = buckets.get(b).start();
            loadTimes[b] = Times.min(buckets.get(b).end(), asOf);
        }
        int[] velocityByType = new int[TYPES.length];
        int[] velocityByBucket = new int[nb];
        DoubleList flowTimes = new DoubleList();
        DoubleList leadTimes = new DoubleList();
        double activeSum = 0;
        double flowSum = 0;
        Sweep load = new Sweep(loadTimes, TYPES.length);

        for (WorkItemFacts item : items) {
            if (!scope.matchesItem(item)) {
                continue;
            }
            Timeline tl = Timeline.of(item, index);
            int type = typeOf(item).ordinal();
            Instant end = tl.flowEnd(asOf);
            if (end != null && !end.isBefore(w.from()) && end.isBefore(w.to())) {
                velocityByType[type]++;
                velocityByBucket[Times.lastBefore(bucketStarts, nb, end.plusNanos(1))]++;
                Instant start = tl.flowStart(end);
                if (start != null) {
                    double flowTime = Times.seconds(start, end);
                    flowTimes.add(flowTime);
                    leadTimes.add(Times.seconds(tl.createdAt(), end));
                    flowSum += flowTime;
                    activeSum += tl.activeSeconds(start, end);
                }
            }
            for (int i = 0; i < tl.segmentCount(); i++) {
                if (tl.segmentCategory(i).inFlow()) {
                    load.add(tl.segmentStart(i), tl.segmentEnd(i), type);
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
                leadTimes.stats(), flowTimes.size() == 0 ? null : activeSum / flowSum, loadTotal,
                typeCounts(loadByType), loadSeries, typeShares(velocityByType, velocity),
                typeShares(loadByType, loadTotal));
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
