package dev.flowlens.internalapi.metrics;

import dev.flowlens.events.ItemType;
import java.time.Instant;
import java.util.List;
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
        @Description("Link to the item in its tool.") String url,
        @Description("When the item reached production: the latest deployment that shipped its linked changes, once "
                + "every one shipped; null otherwise.") Instant deliveredAt,
        @NonNull @Description("Ids of the merged changes that name the item's key, sorted.") List<@NonNull String> changeIds) {

    /** Linked changes absent are none. */
    public WorkItem {
        changeIds = Lists.orEmpty(changeIds);
    }

    /** An item without delivery facts (no linked change). */
    public WorkItem(String id, String key, String title, ItemType itemType, String status, String stage,
            Instant createdAt, Instant flowStart, Instant flowEnd, String url) {
        this(id, key, title, itemType, status, stage, createdAt, flowStart, flowEnd, url, null, List.of());
    }
}
