package dev.flowlens.metrics.view;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.index.DoraIndex;
import dev.flowlens.metrics.calc.index.WindowIndex;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.util.List;

/**
 * One value stream, ready to answer any window: its lookups, the timelines of its in-scope live items (no order
 * promised, unique by item), the same timelines indexed by day for windowed flow and stage metrics, and its prepared
 * DORA facts and its delivery facts (both prepared when first asked for). Immutable; the cache publishes a new one on change.
 */
public record StreamView(ValueStream stream, StatusIndex index, List<Timeline> timelines, WindowIndex windows,
        DoraFacts doraFacts, DeliveryFacts deliveryFacts) {

    /** The stream's prepared DORA facts (prepared on the first call for this view, {@link DoraFacts}). */
    public DoraIndex dora() {
        return doraFacts.index();
    }
}
