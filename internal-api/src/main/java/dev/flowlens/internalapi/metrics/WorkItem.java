package dev.flowlens.internalapi.metrics;

import dev.flowlens.events.ItemType;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A work item of a value stream. */
@Description("A work item (issue) that belongs to a value stream.")
public record WorkItem(
        @NonNull @Id @Description("Work item id.") String id,
        @NonNull @Description("Key in the tool (e.g. PAY-123).") String key,
        @Description("Title, if known.") String title,
        @NonNull @Description("Item type.") ItemType itemType,
        @NonNull @Description("Current status in the tool.") String status,
        @Description("Current stage; null when the status is in no stage.") String stage,
        @NonNull @Description("When the item was created.") Instant createdAt,
        @Description("Flow start; null before the item entered a stage.") Instant flowStart,
        @Description("Flow end; null while unfinished.") Instant flowEnd,
        @Description("Link to the item in its tool.") String url) {
}
