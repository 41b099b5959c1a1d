package dev.flowlens.metrics.view;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.index.DeliveryIndex;
import dev.flowlens.metrics.calc.index.ProductionIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.util.List;

/**
 * A stream's {@link DeliveryIndex} and {@link ProductionIndex}, prepared when a reader first asks for them (like
 * {@link DoraFacts}): a poll only hands over the facts. When only the stream's timelines changed, the delivery index
 * is shared with the previous view and only the production index is prepared again. Thread-safe.
 */
public final class DeliveryFacts {
    private final ValueStream stream;
    /** The holder whose delivery index this one shares, or null when it prepares its own. */
    private final DeliveryFacts source;
    private final List<Timeline> timelines;
    /** The facts to prepare; dropped once prepared. Guarded by {@code this}. */
    private List<ChangeFact> changes;
    private List<ReviewFact> reviews;
    private List<DeploymentFact> deployments;
    private volatile DeliveryIndex delivery;
    private volatile ProductionIndex production;

    private DeliveryFacts(ValueStream stream, DeliveryFacts source, List<Timeline> timelines, List<ChangeFact> changes,
            List<ReviewFact> reviews, List<DeploymentFact> deployments, DeliveryIndex delivery) {
        this.stream = stream;
        this.source = source;
        this.timelines = timelines;
        this.changes = changes;
        this.reviews = reviews;
        this.deployments = deployments;
        this.delivery = delivery;
    }

    /** Facts to be prepared on first use; the lists must not change afterwards. */
    public static DeliveryFacts pending(ValueStream stream, List<ChangeFact> changes, List<ReviewFact> reviews,
            List<DeploymentFact> deployments, List<Timeline> timelines) {
        return new DeliveryFacts(stream, null, timelines, changes, reviews, deployments, null);
    }

    /** The same delivery facts as {@code previous}, with the stream's new timelines. */
    public static DeliveryFacts withTimelines(DeliveryFacts previous, List<Timeline> timelines) {
        DeliveryFacts root = previous.source != null ? previous.source : previous;
        return new DeliveryFacts(root.stream, root, timelines, null, null, null, null);
    }

    /** Prepared already (the straightforward path). */
    public static DeliveryFacts of(DeliveryIndex delivery, List<Timeline> timelines) {
        return new DeliveryFacts(null, null, timelines, null, null, null, delivery);
    }

    /** The stream's delivery index, preparing it on the first call. */
    public DeliveryIndex delivery() {
        if (source != null) {
            return source.delivery();
        }
        DeliveryIndex d = delivery;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (delivery == null) {
                delivery = DeliveryIndex.of(stream, changes, reviews, deployments);
                changes = null;
                reviews = null;
                deployments = null;
            }
            return delivery;
        }
    }

    /** The stream's production index, preparing it (and the delivery index) on the first call. */
    public ProductionIndex production() {
        ProductionIndex p = production;
        if (p != null) {
            return p;
        }
        DeliveryIndex d = delivery();
        synchronized (this) {
            if (production == null) {
                production = ProductionIndex.of(d, timelines);
            }
            return production;
        }
    }
}
