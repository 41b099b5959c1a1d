package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;

/** A count of one item type. */
public record TypeCount(ItemType itemType, int count) {
}
