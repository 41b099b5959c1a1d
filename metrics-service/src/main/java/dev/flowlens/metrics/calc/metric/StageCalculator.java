package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageCount;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
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
        Query q = new Query(index, window, now);
        int ns = q.ns;
        long[] perItem = new long[ns];
        long quiet = Math.min(q.from, q.asOfUs);
        for (Timeline tl : timelines) {
            if (tl.quietFrom(quiet)) {
                continue; // cannot finish in the window nor be in a stage at asOf
            }
            long end = tl.flowEndMicros(q.asOfUs);
            if (end != Times.NONE && end >= q.from && end < q.to) {
                long start = tl.flowStartMicros(end);
                if (start != Times.NONE) {
                    Arrays.fill(perItem, 0);
                    tl.addStageMicros(start, end, perItem);
                    q.finished(end - start, perItem, 0);
                }
            }
            int stage = tl.stageAtMicros(q.asOfUs);
            if (stage >= 0) {
                q.wip[stage]++;
                q.wipAge[stage].add(q.asOfFloor - tl.currentVisitStartMicros(q.asOfUs));
            }
        }
        return q.result(false);
    }

    /**
     * As {@link #stages(StatusIndex, List, Window, Instant)}, from a stream's {@link WindowIndex}: the finished
     * items are the index's finishes in the window, WIP and WIP age the stage visits in force at asOf.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<StageMetrics> stages(StatusIndex index, WindowIndex windows, Window window, Instant now) {
        Query q = new Query(index, window, now);
        int ns = q.ns;
        windows.finishedIn(q.from, q.asOfUs, (end, start, created, active, type, record, stageOffset) -> {
            if (start != Times.NONE) {
                q.finished(end - start, record, stageOffset);
            }
        });
        int[] count = new int[ns + 1];
        long[] sec = new long[ns + 1];
        long[] micro = new long[ns + 1];
        windows.stagesAt(q.asOfUs, count, sec, micro);
        // Sum over the visits in force of (asOfFloor - visit start), from the sum of their starts.
        long asOfSec = Math.floorDiv(q.asOfFloor, Times.MICROS);
        long asOfMicro = Math.floorMod(q.asOfFloor, Times.MICROS);
        for (int s = 0; s < ns; s++) {
            q.wip[s] = count[s];
            q.wipAge[s].addParts(count[s] * asOfSec - sec[s], count[s] * asOfMicro - micro[s]);
        }
        return q.result(true);
    }

    /** One stage query: its instants, what the finished items and the WIP add up to, and the result. */
    private static final class Query {
        final List<Stage> stages;
        final int ns;
        final long from;
        final long to;
        final long asOfUs;
        /** WIP age = asOf - visit start, summed exactly: asOf's whole microseconds, its sub-microsecond part once. */
        final long asOfFloor;
        final double asOfSubMicro;
        final MicroList[] times;
        final MicroSum[] total;
        final MicroSum[] wipAge;
        final int[] wip;
        final MicroSum flowSum = new MicroSum();
        int finished;

        Query(StatusIndex index, Window window, Instant now) {
            Window w = window.validate();
            Instant asOf = w.asOf(now);
            from = Times.ceilMicros(w.from());
            to = Times.ceilMicros(w.to());
            asOfUs = Times.ceilMicros(asOf);
            asOfFloor = Times.floorMicros(asOf);
            asOfSubMicro = (asOf.getNano() % 1000) / 1e9;
            stages = index.stages();
            ns = stages.size();
            times = new MicroList[ns];
            total = new MicroSum[ns];
            wipAge = new MicroSum[ns];
            for (int s = 0; s < ns; s++) {
                times[s] = new MicroList();
                total[s] = new MicroSum();
                wipAge[s] = new MicroSum();
            }
            wip = new int[ns];
        }

        /** An item finished in the window with a flow start: its flow time and time in stage s at perStage[o + s]. */
        void finished(long flowMicros, long[] perStage, int o) {
            finished++;
            flowSum.add(flowMicros);
            for (int s = 0; s < ns; s++) {
                long us = perStage[o + s];
                if (us > 0) {
                    times[s].add(us);
                    total[s].add(us);
                }
            }
        }

        /** @param presort radix-sort the durations first (the same statistics, faster for many) */
        List<StageMetrics> result(boolean presort) {
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
                        times[s].stats(presort), wip[s], age, s == bottleneck));
            }
            return List.copyOf(result);
        }
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
        return cfdDays(stages, days, sweep.counts());
    }

    /**
     * As {@link #cumulativeFlow(StatusIndex, List, Window, Instant)}, from a stream's {@link WindowIndex}: each
     * day's counts are the stage visits and DONE runs in force at its instant.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<CfdDay> cumulativeFlow(StatusIndex index, WindowIndex windows, Window window, Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        List<Stage> stages = index.stages();
        int ns = stages.size();
        List<Window.Bucket> days = w.days();
        int[][] counts = new int[days.size()][ns + 1];
        long[] unusedSec = new long[ns + 1];
        long[] unusedMicro = new long[ns + 1];
        for (int d = 0; d < counts.length; d++) {
            windows.stagesAt(Times.ceilMicros(Times.min(days.get(d).end(), asOf)), counts[d], unusedSec,
                    unusedMicro);
        }
        return cfdDays(stages, days, counts);
    }

    /** counts[d][s]: items in stage s (s &lt; ns) or DONE (s = ns) at day d's instant. */
    private static List<CfdDay> cfdDays(List<Stage> stages, List<Window.Bucket> days, int[][] counts) {
        int ns = stages.size();
        List<CfdDay> result = new ArrayList<>(days.size());
        for (int d = 0; d < days.size(); d++) {
            List<StageCount> perStage = new ArrayList<>(ns);
            for (int s = 0; s < ns; s++) {
                perStage.add(new StageCount(stages.get(s).name(), counts[d][s]));
            }
            result.add(new CfdDay(Times.floorDay(days.get(d).start()), List.copyOf(perStage), counts[d][ns]));
        }
        return List.copyOf(result);
    }
}
