package dev.flowlens.metrics.calc;

/** One item type's share (0..1). */
public record TypeShare(ItemType itemType, double share) {
}
