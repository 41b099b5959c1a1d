package dev.flowlens.metrics.calc;

/** The four DORA keys of a value stream over a window (METRICS.md "DORA"). */
public record DoraMetrics(int deployments, DoraMetric deploymentFrequency, DurationStats leadTimeForChanges,
        DoraBand leadTimeBand, DoraMetric changeFailureRate, DurationStats timeToRestore, DoraBand timeToRestoreBand) {
}
