package dev.flowlens.metrics.calc;

import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.SeriesPoint;
import java.util.List;

/** Flow metrics of a value stream over a window (METRICS.md "Flow metrics"); field names as schema.graphql. */
public record FlowMetrics(int velocity, List<TypeCount> velocityByType, List<SeriesPoint> velocitySeries,
        DurationStats flowTime, DurationStats leadTime, Double flowEfficiency, int load, List<TypeCount> loadByType,
        List<SeriesPoint> loadSeries, List<TypeShare> distribution, List<TypeShare> loadDistribution) {
}
