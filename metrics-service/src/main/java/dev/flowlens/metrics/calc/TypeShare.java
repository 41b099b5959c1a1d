package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;

/** One item type's share (0..1). */
public record TypeShare(ItemType itemType, double share) {
}
