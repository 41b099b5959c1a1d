package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;

/** An unfinished item in flow, its age since flow start and whether it is older than the usual. */
public record AgingItem(String itemId, String key, String title, ItemType itemType, String stage, double ageSeconds,
        boolean atRisk) {
}
