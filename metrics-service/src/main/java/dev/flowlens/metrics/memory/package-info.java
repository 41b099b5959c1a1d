/**
 * The heap warning: heap use after garbage collection watched through the JDK's memory pool notifications, a WARN in
 * the log once per crossing of {@code flowlens.heap.warn-ratio}, the readiness check's data and the gauges on
 * {@code /q/metrics} (docs/sizing.md).
 */
package dev.flowlens.metrics.memory;
