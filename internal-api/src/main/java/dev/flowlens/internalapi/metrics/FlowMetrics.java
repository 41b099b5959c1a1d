package dev.flowlens.internalapi.metrics;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Flow Framework metrics of one value stream over one window. */
@Description("Flow metrics of a value stream over a window [from, to); definitions in METRICS.md.")
public record FlowMetrics(
        @Description("Flow velocity: items whose flow ended in the window.") int velocity,
        @NonNull @Description("Velocity per item type.") List<@NonNull TypeCount> velocityByType,
        @NonNull @Description("Velocity per bucket.") List<@NonNull SeriesPoint> velocitySeries,
        @NonNull @Description("Flow time (flow start to end) of items finished in the window, seconds.") DurationStats flowTime,
        @NonNull @Description("Lead time (creation to flow end) of items finished in the window, seconds.") DurationStats leadTime,
        @Description("Active time / flow time over finished items (0..1); null when none finished with a flow start.") Double flowEfficiency,
        @Description("Flow load: items in progress at the window's end.") int load,
        @NonNull @Description("Load per item type.") List<@NonNull TypeCount> loadByType,
        @NonNull @Description("Load at each bucket's end.") List<@NonNull SeriesPoint> loadSeries,
        @NonNull @Description("Flow distribution: each type's share of velocity.") List<@NonNull TypeShare> distribution,
        @NonNull @Description("Each type's share of the load at the window's end.") List<@NonNull TypeShare> loadDistribution,
        @Description("Share (0..1) of the window's finished items with a flow start whose flow time is within the SLE "
                + "days; null when none finished or no SLE is set.") Double sleAttainment) {

    public FlowMetrics {
        velocityByType = Lists.orEmpty(velocityByType);
        velocitySeries = Lists.orEmpty(velocitySeries);
        loadByType = Lists.orEmpty(loadByType);
        loadSeries = Lists.orEmpty(loadSeries);
        distribution = Lists.orEmpty(distribution);
        loadDistribution = Lists.orEmpty(loadDistribution);
    }
}
