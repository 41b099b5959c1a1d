package dev.flowlens.metrics.calc;

/** A count of one item type. */
public record TypeCount(ItemType itemType, int count) {
}
