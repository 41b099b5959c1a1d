package dev.flowlens.metrics.calc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Time in stage, WIP, bottleneck and cumulative flow (METRICS.md "Stages and bottleneck"). Pure. */
public final class StageCalculator {
    private StageCalculator() {
    }

    /**
     * One entry per stage, in stage order. Times are over items finished in the window that have a flow start;
     * WIP and WIP age are as of asOf = min(window.to, now); the bottleneck flag is set on the stage with the
     * largest share (ties: the earlier stage), and on none when no such item finished in the window.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<StageMetrics> stages(ValueStream stream, List<WorkItemFacts> items, Window window,
            Instant now) {
        StatusIndex index = StatusIndex.of(stream);
        return stages(index, FlowCalculator.timelines(index, items), window, now);
    }

    /**
     * As {@link #stages(ValueStream, List, Window, Instant)}, from prebuilt timelines of the stream's in-scope items.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<StageMetrics> stages(StatusIndex index, List<Timeline> timelines, Window window,
            Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        long from = Times.ceilMicros(w.from());
        long to = Times.ceilMicros(w.to());
        long asOfUs = Times.ceilMicros(asOf);
        // WIP age = asOf - visit start, summed exactly: asOf's whole microseconds here, its sub-microsecond part once
        // per item at the end.
        long asOfFloor = Times.floorMicros(asOf);
        double asOfSubMicro = (asOf.getNano() % 1000) / 1e9;
        List<Stage> stages = index.stages();
        int ns = stages.size();
        DoubleList[] times = new DoubleList[ns];
        MicroSum[] total = new MicroSum[ns];
        MicroSum[] wipAge = new MicroSum[ns];
        for (int s = 0; s < ns; s++) {
            times[s] = new DoubleList();
            total[s] = new MicroSum();
            wipAge[s] = new MicroSum();
        }
        long[] perItem = new long[ns];
        int[] wip = new int[ns];
        MicroSum flowSum = new MicroSum();
        int finished = 0;

        long quiet = Math.min(from, asOfUs);
        for (Timeline tl : timelines) {
            if (tl.quietFrom(quiet)) {
                continue; // cannot finish in the window nor be in a stage at asOf
            }
            long end = tl.flowEndMicros(asOfUs);
            if (end != Times.NONE && end >= from && end < to) {
                long start = tl.flowStartMicros(end);
                if (start != Times.NONE) {
                    finished++;
                    flowSum.add(end - start);
                    Arrays.fill(perItem, 0);
                    tl.addStageMicros(start, end, perItem);
                    for (int s = 0; s < ns; s++) {
                        if (perItem[s] > 0) {
                            times[s].add(Times.secondsOfMicros(perItem[s]));
                            total[s].add(perItem[s]);
                        }
                    }
                }
            }
            int stage = tl.stageAtMicros(asOfUs);
            if (stage >= 0) {
                wip[stage]++;
                wipAge[stage].add(asOfFloor - tl.currentVisitStartMicros(asOfUs));
            }
        }

        double flowSeconds = flowSum.seconds();
        int bottleneck = -1;
        double[] share = new double[ns];
        for (int s = 0; s < ns; s++) {
            share[s] = flowSeconds > 0 ? total[s].seconds() / flowSeconds : 0.0;
            if (finished > 0 && (bottleneck < 0 || share[s] > share[bottleneck])) {
                bottleneck = s;
            }
        }
        List<StageMetrics> result = new ArrayList<>(ns);
        for (int s = 0; s < ns; s++) {
            Stage stage = stages.get(s);
            Double age = wip[s] == 0 ? null : (wipAge[s].seconds() + wip[s] * asOfSubMicro) / wip[s];
            result.add(new StageMetrics(stage.name(), stage.kind(), times[s].size(), total[s].seconds(), share[s],
                    times[s].stats(), wip[s], age, s == bottleneck));
        }
        return List.copyOf(result);
    }

    /** The bottleneck stage of {@link #stages}, or null when no item finished in the window. */
    public static StageMetrics bottleneck(ValueStream stream, List<WorkItemFacts> items, Window window,
            Instant now) {
        for (StageMetrics m : stages(stream, items, window, now)) {
            if (m.isBottleneck()) {
                return m;
            }
        }
        return null;
    }

    /**
     * Cumulative flow: for each UTC day that overlaps the window, in order, the count of items in each stage and
     * in DONE at the day's end (the window's end for the last, cut day; asOf for days ending after asOf).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<CfdDay> cumulativeFlow(ValueStream stream, List<WorkItemFacts> items, Window window,
            Instant now) {
        StatusIndex index = StatusIndex.of(stream);
        return cumulativeFlow(index, FlowCalculator.timelines(index, items), window, now);
    }

    /**
     * As {@link #cumulativeFlow(ValueStream, List, Window, Instant)}, from prebuilt timelines of the stream's
     * in-scope items.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<CfdDay> cumulativeFlow(StatusIndex index, List<Timeline> timelines, Window window,
            Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        List<Stage> stages = index.stages();
        int ns = stages.size();
        List<Window.Bucket> days = w.days();
        long[] at = new long[days.size()];
        for (int d = 0; d < at.length; d++) {
            at[d] = Times.ceilMicros(Times.min(days.get(d).end(), asOf));
        }
        Sweep sweep = new Sweep(at, ns + 1);
        long lastAt = at[at.length - 1];
        for (Timeline tl : timelines) {
            int n = tl.segmentCount();
            // Segments that end before the first day's instant cancel out; those starting at or after the last
            // count nowhere.
            for (int i = Math.max(0, tl.segmentAtMicros(at[0])); i < n && tl.startMicros(i) < lastAt; i++) {
                short code = tl.code(i);
                if (code >= 0) {
                    sweep.add(tl.startMicros(i), tl.endMicros(i), code);
                } else if (code == Timeline.DONE_CODE) {
                    sweep.add(tl.startMicros(i), tl.endMicros(i), ns);
                }
            }
        }
        int[][] counts = sweep.counts();
        List<CfdDay> result = new ArrayList<>(at.length);
        for (int d = 0; d < at.length; d++) {
            List<StageCount> perStage = new ArrayList<>(ns);
            for (int s = 0; s < ns; s++) {
                perStage.add(new StageCount(stages.get(s).name(), counts[d][s]));
            }
            result.add(new CfdDay(Times.floorDay(days.get(d).start()), List.copyOf(perStage), counts[d][ns]));
        }
        return List.copyOf(result);
    }
}
