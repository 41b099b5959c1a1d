package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** Count, mean and nearest-rank percentiles of durations in seconds. */
@Description("Statistics of durations in seconds: count, mean and nearest-rank percentiles (null when count is 0).")
public record DurationStats(
        @Description("Number of durations.") int count,
        @Description("Mean, seconds; null when count is 0.") Double mean,
        @Description("Median (p50), seconds; null when count is 0.") Double p50,
        @Description("85th percentile, seconds; null when count is 0.") Double p85,
        @Description("95th percentile, seconds; null when count is 0.") Double p95) {
}
