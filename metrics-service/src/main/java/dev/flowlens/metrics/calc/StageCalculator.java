package dev.flowlens.metrics.calc;

import java.time.Instant;
import java.util.ArrayList;
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
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        StatusIndex index = StatusIndex.of(stream);
        Scope scope = index.stream().scope();
        List<Stage> stages = index.stages();
        int ns = stages.size();
        DoubleList[] times = new DoubleList[ns];
        for (int s = 0; s < ns; s++) {
            times[s] = new DoubleList();
        }
        double[] total = new double[ns];
        double[] perItem = new double[ns];
        int[] wip = new int[ns];
        double[] wipAge = new double[ns];
        double flowSum = 0;
        int finished = 0;

        for (WorkItemFacts item : items) {
            if (!scope.matchesItem(item)) {
                continue;
            }
            Timeline tl = Timeline.of(item, index);
            Instant end = tl.flowEnd(asOf);
            if (end != null && !end.isBefore(w.from()) && end.isBefore(w.to())) {
                Instant start = tl.flowStart(end);
                if (start != null) {
                    finished++;
                    flowSum += Times.seconds(start, end);
                    java.util.Arrays.fill(perItem, 0);
                    tl.addStageSeconds(start, end, perItem);
                    for (int s = 0; s < ns; s++) {
                        if (perItem[s] > 0) {
                            times[s].add(perItem[s]);
                            total[s] += perItem[s];
                        }
                    }
                }
            }
            int stage = tl.stageAt(asOf);
            if (stage >= 0) {
                wip[stage]++;
                wipAge[stage] += Times.seconds(tl.currentVisitStart(asOf), asOf);
            }
        }

        int bottleneck = -1;
        double[] share = new double[ns];
        for (int s = 0; s < ns; s++) {
            share[s] = flowSum > 0 ? total[s] / flowSum : 0.0;
            if (finished > 0 && (bottleneck < 0 || share[s] > share[bottleneck])) {
                bottleneck = s;
            }
        }
        List<StageMetrics> result = new ArrayList<>(ns);
        for (int s = 0; s < ns; s++) {
            Stage stage = stages.get(s);
            result.add(new StageMetrics(stage.name(), stage.kind(), times[s].size(), total[s], share[s],
                    times[s].stats(), wip[s], wip[s] == 0 ? null : wipAge[s] / wip[s], s == bottleneck));
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
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        StatusIndex index = StatusIndex.of(stream);
        Scope scope = index.stream().scope();
        List<Stage> stages = index.stages();
        int ns = stages.size();
        List<Window.Bucket> days = w.days();
        Instant[] at = new Instant[days.size()];
        for (int d = 0; d < at.length; d++) {
            at[d] = Times.min(days.get(d).end(), asOf);
        }
        Sweep sweep = new Sweep(at, ns + 1);
        for (WorkItemFacts item : items) {
            if (!scope.matchesItem(item)) {
                continue;
            }
            Timeline tl = Timeline.of(item, index);
            for (int i = 0; i < tl.segmentCount(); i++) {
                int key = tl.segmentStage(i);
                if (key < 0 && tl.segmentCategory(i) == StatusCategory.DONE) {
                    key = ns;
                }
                if (key >= 0) {
                    sweep.add(tl.segmentStart(i), tl.segmentEnd(i), key);
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
