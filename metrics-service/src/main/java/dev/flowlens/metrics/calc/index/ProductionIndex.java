package dev.flowlens.metrics.calc.index;

import dev.flowlens.metrics.calc.index.DeliveryIndex.Link;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A value stream's items from idea to production (METRICS.md "Idea to production"), prepared once from its timelines
 * and its {@link DeliveryIndex} so that a window is answered by a binary search over delivery instants.
 *
 * <p>Known as of asOf, an item's linked changes are those merged before asOf: a prefix of its links sorted by
 * mergedAt. For each prefix j (ending where mergedAt strictly grows) whose changes all shipped, the item is delivered
 * at D_j = the latest of their shipping finishedAt, for every asOf in (D_j, mergedAt of link j+1] (no upper bound
 * for the last prefix): then exactly prefix j is merged before asOf and every one of them shipped before asOf. Those
 * are the item's {@link Delivery deliveries}; their asOf ranges do not overlap (D_(j+1) &gt;= mergedAt of link j+1).
 * Items delivered in a window as of asOf are the deliveries with D in [from, asOf) whose range holds asOf.
 */
public final class ProductionIndex {

    /** An item delivered at {@code at} for every asOf in (at, until] (until null: no end). */
    record Delivery(Instant at, Instant until, int item) {
        boolean holds(Instant asOf) {
            return at.isBefore(asOf) && (until == null || !until.isBefore(asOf));
        }
    }

    /** The stream's items with at least one linked merged change, by position. */
    final Timeline[] items;
    /** Per linked item: its deliveries (in prefix order) and the mergedAt of its first linked change. */
    final Delivery[][] deliveriesOf;
    final Instant[] firstMerged;
    /** Every delivery, by at then item position. */
    final Delivery[] byAt;
    final Instant[] at;

    private ProductionIndex(Timeline[] items, Delivery[][] deliveriesOf, Instant[] firstMerged, Delivery[] byAt) {
        this.items = items;
        this.deliveriesOf = deliveriesOf;
        this.firstMerged = firstMerged;
        this.byAt = byAt;
        this.at = new Instant[byAt.length];
        for (int k = 0; k < byAt.length; k++) {
            at[k] = byAt[k].at();
        }
    }

    /** Prepares the stream's items (their timelines, unique by item) against its delivery facts. */
    public static ProductionIndex of(DeliveryIndex delivery, List<Timeline> timelines) {
        List<Timeline> linked = new ArrayList<>();
        List<Delivery[]> deliveries = new ArrayList<>();
        List<Instant> firsts = new ArrayList<>();
        List<Delivery> all = new ArrayList<>();
        for (Timeline tl : timelines) {
            Link[] links = delivery.linked(tl.history().key());
            if (links.length == 0) {
                continue;
            }
            int item = linked.size();
            linked.add(tl);
            firsts.add(links[0].mergedAt());
            List<Delivery> mine = new ArrayList<>(1);
            Instant latest = null;
            for (int j = 0; j < links.length; j++) {
                Instant ship = links[j].shippedAt();
                if (ship == null) {
                    break; // every longer prefix holds this unshipped change too
                }
                latest = latest == null || ship.isAfter(latest) ? ship : latest;
                Instant until = j + 1 < links.length ? links[j + 1].mergedAt() : null;
                if (until != null && !until.isAfter(links[j].mergedAt())) {
                    continue; // the next change merged at the same instant: this prefix is never exactly the merged set
                }
                if (until == null || latest.isBefore(until)) {
                    mine.add(new Delivery(latest, until, item));
                }
            }
            deliveries.add(mine.toArray(Delivery[]::new));
            all.addAll(mine);
        }
        Delivery[] byAt = all.toArray(Delivery[]::new);
        Arrays.sort(byAt, Comparator.comparing(Delivery::at).thenComparingInt(Delivery::item));
        return new ProductionIndex(linked.toArray(Timeline[]::new), deliveries.toArray(Delivery[][]::new),
                firsts.toArray(Instant[]::new), byAt);
    }

    /** What a query does with each delivered item: its timeline and D. */
    @FunctionalInterface
    public interface DeliveredItem {
        void accept(Timeline item, Instant deliveredAt);
    }

    /** Calls {@code each} for every item delivered at D in [from, asOf) as of asOf; answers how many. */
    public int forEachDelivered(Instant from, Instant asOf, DeliveredItem each) {
        int lo = DoraIndex.firstAtOrAfter(at, from);
        int hi = DoraIndex.firstAtOrAfter(at, asOf);
        int n = 0;
        for (int k = lo; k < hi; k++) {
            Delivery d = byAt[k];
            if (d.holds(asOf)) {
                each.accept(items[d.item()], d.at());
                n++;
            }
        }
        return n;
    }

    /**
     * Stream items done at asOf (v1 flow end as of asOf) with at least one linked change merged before asOf that are
     * not delivered as of asOf. One pass over the linked items only (not over every item or change).
     */
    public int releaseQueue(Instant asOf) {
        int n = 0;
        for (int i = 0; i < items.length; i++) {
            if (!firstMerged[i].isBefore(asOf) || delivered(i, asOf)) {
                continue;
            }
            if (items[i].flowEnd(asOf) != null) {
                n++;
            }
        }
        return n;
    }

    private boolean delivered(int item, Instant asOf) {
        for (Delivery d : deliveriesOf[item]) {
            if (d.holds(asOf)) {
                return true;
            }
        }
        return false;
    }

    /** Number of the stream's items with a linked merged change. */
    public int linkedItems() {
        return items.length;
    }
}
