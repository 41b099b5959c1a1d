package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;

/**
 * What a value stream's scope looks at, and the upserted status: few distinct combinations among many items, so a
 * cache shares one object between the items that have the same ({@link dev.flowlens.metrics.calc.timeline.StatusTable#share(ItemClass)}).
 */
public record ItemClass(String project, String team, ItemType itemType, String status) {
}
