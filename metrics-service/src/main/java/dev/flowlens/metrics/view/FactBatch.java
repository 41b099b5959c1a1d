package dev.flowlens.metrics.view;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.util.List;

/**
 * What changed in the facts, as a poll of the database saw it: the current state of each changed entity. Applying a
 * batch is idempotent, so a row read by two polls does no harm.
 *
 * @param items          live work items, each with all its transitions (replaces what the cache held)
 * @param removedItems   items that are deleted or have no upsert row (any transitions alone are not an item)
 * @param changes        changes, deployments and incidents: their current rows
 * @param streams        saved value streams (current definitions)
 * @param deletedStreams ids of deleted value streams
 * @param reviews        reviews of changes: their current rows
 */
public record FactBatch(List<WorkItemFacts> items, List<String> removedItems, List<ChangeFact> changes,
        List<DeploymentFact> deployments, List<IncidentFact> incidents, List<ValueStream> streams,
        List<String> deletedStreams, List<ReviewFact> reviews) {

    /** A batch without reviews. */
    public FactBatch(List<WorkItemFacts> items, List<String> removedItems, List<ChangeFact> changes,
            List<DeploymentFact> deployments, List<IncidentFact> incidents, List<ValueStream> streams,
            List<String> deletedStreams) {
        this(items, removedItems, changes, deployments, incidents, streams, deletedStreams, List.of());
    }

    /** A batch that changes nothing. */
    public static final FactBatch EMPTY = new FactBatch(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of());

    /** True when nothing changed. */
    public boolean isEmpty() {
        return items.isEmpty() && removedItems.isEmpty() && changes.isEmpty() && deployments.isEmpty()
                && incidents.isEmpty() && streams.isEmpty() && deletedStreams.isEmpty() && reviews.isEmpty();
    }
}
