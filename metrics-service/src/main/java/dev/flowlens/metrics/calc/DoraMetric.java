package dev.flowlens.metrics.calc;

/** A DORA value and its band; both null when there is nothing to measure. */
public record DoraMetric(Double value, DoraBand band) {
}
