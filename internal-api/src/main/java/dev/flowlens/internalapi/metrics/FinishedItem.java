package dev.flowlens.internalapi.metrics;

import dev.flowlens.events.ItemType;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** An item counted in a window's flow time: one dot of the cycle-time scatterplot. */
@Description("An item that finished in the window with a flow start (a dot of the cycle-time scatterplot).")
public record FinishedItem(
        @NonNull @Id @Description("Work item id.") String itemId,
        @NonNull @Description("Key in the tool (e.g. PAY-123).") String key,
        @NonNull @Description("Item type.") ItemType itemType,
        @NonNull @Description("Flow end: when the item last entered done.") Instant flowEnd,
        @Description("Flow time (flow start to flow end), seconds.") double flowTimeSeconds,
        @Description("Time in ACTIVE stages within the flow time, seconds.") double activeSeconds,
        @Description("Whether the flow time is within the stream's SLE days; null when no SLE is set.") Boolean withinSle) {
}
