package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusHistory;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import dev.flowlens.metrics.calc.index.DeliveryIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drill-down view of one work item in a value stream. Pure. The title is left null: the fact cache does not hold
 * titles, and the API fills in those of the items it lists from PostgreSQL (docs/decisions.md "Titles from
 * PostgreSQL").
 */
public final class WorkItemViews {
    private WorkItemViews() {
    }

    /**
     * The item as of now: its upserted status, the stage of its timeline's state at now (null when in no stage),
     * its flow start and flow end as of now (flowEnd null = unfinished).
     */
    public static WorkItem of(ValueStream stream, WorkItemFacts item, Instant now) {
        return of(StatusIndex.of(stream), item, now);
    }

    /** As {@link #of(ValueStream, WorkItemFacts, Instant)}, reusing the stream's lookups for a page of items. */
    public static WorkItem of(StatusIndex index, WorkItemFacts item, Instant now) {
        return of(index, Timeline.of(item, index), now);
    }

    /** As {@link #of(ValueStream, WorkItemFacts, Instant)}, from the item's prebuilt timeline in the stream. */
    public static WorkItem of(StatusIndex index, Timeline tl, Instant now) {
        return of(index, tl, now, null);
    }

    /**
     * As {@link #of(StatusIndex, Timeline, Instant)}, with the item's deliveredAt (as of now) and the ids of its
     * linked merged changes, sorted (METRICS.md "Idea to production"); none when {@code delivery} is null.
     */
    public static WorkItem of(StatusIndex index, Timeline tl, Instant now, DeliveryIndex delivery) {
        StatusHistory item = tl.history();
        int stage = tl.stageAt(now);
        Instant end = tl.flowEnd(now);
        DeliveryIndex.Link[] links = delivery == null ? new DeliveryIndex.Link[0] : delivery.linked(item.key());
        List<String> ids = new ArrayList<>(links.length);
        for (DeliveryIndex.Link l : links) {
            ids.add(l.changeId());
        }
        ids.sort(null);
        return new WorkItem(item.itemId(), item.key(), null, WorkItemFacts.typeOf(item.itemType()),
                item.status(), stage < 0 ? null : index.stages().get(stage).name(), item.createdAt(),
                tl.flowStart(end != null ? end : now), end, item.url(), DeliveryIndex.deliveredAt(links, now),
                List.copyOf(ids));
    }
}
