package dev.flowlens.metrics.calc.fact;

import dev.flowlens.events.ItemType;
import java.time.Instant;
import java.util.List;

/**
 * Everything the metrics need about one work item: its last upsert and all its transitions, in any order and
 * possibly with duplicates. Deleted items and items without an upsert are left out by the caller.
 */
public record WorkItemFacts(String itemId, String key, String title, ItemType itemType, String project, String team,
        String status, Instant createdAt, String url, List<Transition> transitions) {

    /** An item's type for the metrics: FEATURE when none was given. */
    public static ItemType typeOf(ItemType type) {
        return type == null ? ItemType.FEATURE : type;
    }
}
