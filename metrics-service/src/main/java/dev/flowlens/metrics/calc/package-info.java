/**
 * The metric maths of METRICS.md, plain Java (no framework, no I/O; ArchitectureTest keeps it so). This package is
 * its model: the value stream definition ({@link dev.flowlens.metrics.calc.ValueStream}, its scope), the window, the
 * answers that carry an item type, and the matching of names and the UTC arithmetic all layers use.
 * Below it nothing; above it, one way: {@code fact}, {@code timeline}, {@code index}, {@code metric}.
 */
package dev.flowlens.metrics.calc;
