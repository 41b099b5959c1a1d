package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** One bucket of a metric series. */
@Description("One bucket of a series: [start, end) and its value. A bucket cut by the window is cut too.")
public record SeriesPoint(
        @NonNull @Description("Bucket start (inclusive).") Instant start,
        @NonNull @Description("Bucket end (exclusive).") Instant end,
        @Description("Value of the metric in the bucket.") double value) {
}
