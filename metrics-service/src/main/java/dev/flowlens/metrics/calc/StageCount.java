package dev.flowlens.metrics.calc;

/** Items in one stage at an instant. */
public record StageCount(String stage, int count) {
}
