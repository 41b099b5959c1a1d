package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.FinishedItem;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Sles;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusHistory;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cycle-time scatterplot's data (docs/metrics-rules.md "finishedItems(window)"): every item counted in the
 * window's flow time, the same items {@link FlowCalculator} counts, with the same flow start, flow end and active
 * time (the {@link Timeline} methods). Pure.
 */
public final class FinishedItems {
    private static final Comparator<FinishedItem> ORDER = Comparator.comparing(FinishedItem::flowEnd)
            .thenComparing(FinishedItem::itemId);

    private FinishedItems() {
    }

    /**
     * Items whose flow end as of asOf = min(window.to, now) lies in [from, to) and that have a flow start, ordered by
     * flow end, then itemId.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<FinishedItem> finishedItems(ValueStream stream, List<WorkItemFacts> items, Window window,
            Instant now) {
        StatusIndex index = StatusIndex.of(stream);
        return finishedItems(index, FlowCalculator.timelines(index, items), window, now);
    }

    /**
     * As {@link #finishedItems(ValueStream, List, Window, Instant)}, from prebuilt timelines of the stream's in-scope
     * items. An item quiet from the window's start (its last segment began before it, in no stage) cannot finish in
     * the window and is skipped on one comparison.
     */
    public static List<FinishedItem> finishedItems(StatusIndex index, List<Timeline> timelines, Window window,
            Instant now) {
        Window w = window.validate();
        long from = Times.ceilMicros(w.from());
        long to = Times.ceilMicros(w.to());
        long asOf = Times.ceilMicros(w.asOf(now));
        double sle = Sles.micros(index.stream());
        List<FinishedItem> out = new ArrayList<>();
        for (Timeline tl : timelines) {
            if (tl.quietFrom(from)) {
                continue;
            }
            long end = tl.flowEndMicros(asOf);
            if (end == Times.NONE || end < from || end >= to) {
                continue;
            }
            long start = tl.flowStartMicros(end);
            if (start == Times.NONE) {
                continue; // NEW straight to DONE: velocity only
            }
            StatusHistory item = tl.history();
            out.add(new FinishedItem(item.itemId(), item.key(), WorkItemFacts.typeOf(item.itemType()),
                    Times.instantOfMicros(end), Times.secondsOfMicros(end - start),
                    Times.secondsOfMicros(tl.activeMicros(start, end)),
                    Sles.set(sle) ? Sles.within(end - start, sle) : null));
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }
}
