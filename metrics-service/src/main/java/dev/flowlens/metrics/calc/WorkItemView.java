package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;
import java.time.Instant;

/** A work item as the drill-down shows it (schema.graphql {@code WorkItem}). */
public record WorkItemView(String id, String key, String title, ItemType itemType, String status, String stage,
        Instant createdAt, Instant flowStart, Instant flowEnd, String url) {
}
