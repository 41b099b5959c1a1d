package dev.flowlens.metrics.calc;

/** Time, WIP and bottleneck flag of one stage (METRICS.md "Stages and bottleneck"). */
public record StageMetrics(String stage, StageKind kind, int itemsVisited, double totalSeconds, double share,
        DurationStats time, int wip, Double averageWipAgeSeconds, boolean isBottleneck) {
}
