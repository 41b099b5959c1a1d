package dev.flowlens.internalapi.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** Time spent in one stage by the items finished in a window. */
@Description("One stage's share of the flow time of items finished in the window, and its WIP at the window's end.")
public record StageMetrics(
        @NonNull @Description("Stage name.") String stage,
        @NonNull @Description("Stage kind.") StageKind kind,
        @Description("Finished items that spent time in this stage.") int itemsVisited,
        @Description("Total seconds those items spent in this stage.") double totalSeconds,
        @Description("totalSeconds / the finished items' total flow time (0..1).") double share,
        @NonNull @Description("Time in this stage per visiting item, seconds.") DurationStats time,
        @Description("Items in this stage at the window's end.") int wip,
        @Description("Mean age in this stage of those items, seconds; null when wip is 0.") Double averageWipAgeSeconds,
        // Named explicitly: an `is` prefix would otherwise be read as a bean property `bottleneck`.
        @JsonProperty("isBottleneck") @Name("isBottleneck")
        @Description("True for the stage with the largest share (the bottleneck).") boolean isBottleneck) {
}
