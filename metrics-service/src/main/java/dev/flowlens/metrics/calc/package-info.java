/**
 * The metric maths of METRICS.md, plain Java (no framework, no I/O; ArchitectureTest keeps it so). This package is
 * its model: the rules over internal-api's value stream records ({@link dev.flowlens.metrics.calc.ValueStreams}
 * checks and normalises a stream, {@link dev.flowlens.metrics.calc.Scopes} matches facts to its scope), the window,
 * and the matching of names and the UTC arithmetic all layers use. The answers are internal-api's records
 * ({@code dev.flowlens.internalapi.metrics}), built here without copies. Below it only the JDK, flow-events and
 * internal-api; above it, one way: {@code fact}, {@code timeline}, {@code index}, {@code metric}.
 */
package dev.flowlens.metrics.calc;
