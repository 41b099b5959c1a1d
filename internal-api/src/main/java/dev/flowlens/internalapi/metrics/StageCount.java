package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Items in one stage at a day's end. */
@Description("Items in one stage at the end of a day.")
public record StageCount(
        @NonNull @Description("Stage name.") String stage,
        @Description("Items in the stage.") int count) {
}
