package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Sles;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.DoubleList;
import dev.flowlens.metrics.calc.timeline.StatusHistory;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Aging work in progress (METRICS.md "Aging WIP"). Pure. */
public final class AgingCalculator {
    /** How far back finished items set the "usual" flow time. */
    public static final Duration HISTORY = Duration.ofDays(90);
    /** Fewer finished items than this give no atRisk threshold. */
    public static final int MIN_HISTORY_ITEMS = 5;

    private AgingCalculator() {
    }

    /**
     * Items whose category at asOf is ACTIVE or WAITING, oldest first (ties by itemId), with age = asOf - flow
     * start and their current stage; atRisk when age &gt; the p85 flow time of items that finished (with a flow
     * start) in [asOf - 90 days, asOf), if at least 5 did; sleBreached when age &gt; the SLE's days (false without
     * one). Titles are left null (the API fills them in from PostgreSQL: docs/decisions.md "Titles from
     * PostgreSQL").
     */
    public static List<AgingItem> agingWip(ValueStream stream, List<WorkItemFacts> items, Instant asOf) {
        StatusIndex index = StatusIndex.of(stream);
        return agingWip(index, FlowCalculator.timelines(index, items), asOf);
    }

    /** As {@link #agingWip(ValueStream, List, Instant)}, from prebuilt timelines of the stream's in-scope items. */
    public static List<AgingItem> agingWip(StatusIndex index, List<Timeline> timelines, Instant asOf) {
        long asOfUs = Times.ceilMicros(asOf);
        long historyFrom = Times.ceilMicros(asOf.minus(HISTORY));
        DoubleList history = new DoubleList();
        List<Timeline> inFlow = new ArrayList<>();
        long quiet = Math.min(historyFrom, asOfUs);
        for (Timeline tl : timelines) {
            if (tl.quietFrom(quiet)) {
                continue; // finished before the history, and not in flow at asOf
            }
            long end = tl.flowEndMicros(asOfUs);
            if (end != Times.NONE && end >= historyFrom) {
                long start = tl.flowStartMicros(end);
                if (start != Times.NONE) {
                    history.add(Times.secondsOfMicros(end - start));
                }
            }
            int i = tl.segmentAtMicros(asOfUs);
            if (i >= 0 && tl.inFlow(i)) {
                inFlow.add(tl);
            }
        }
        double sle = Sles.micros(index.stream());
        DurationStats stats = history.stats();
        Double threshold = history.size() >= MIN_HISTORY_ITEMS ? stats.p85() : null;
        List<AgingItem> result = new ArrayList<>(inFlow.size());
        for (Timeline tl : inFlow) {
            StatusHistory item = tl.history();
            long start = tl.flowStartMicros(asOfUs);
            double age = Times.seconds(Times.instantOfMicros(start), asOf);
            String stage = index.stages().get(tl.stageAtMicros(asOfUs)).name();
            result.add(new AgingItem(item.itemId(), item.key(), null, WorkItemFacts.typeOf(item.itemType()), stage, age,
                    threshold != null && age > threshold, Sles.breached(asOfUs - start, sle)));
        }
        result.sort(Comparator.comparingDouble(AgingItem::ageSeconds).reversed()
                .thenComparing(AgingItem::itemId, Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(result);
    }
}
