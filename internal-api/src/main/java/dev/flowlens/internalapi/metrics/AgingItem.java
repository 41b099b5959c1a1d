package dev.flowlens.internalapi.metrics;

import dev.flowlens.events.ItemType;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** An unfinished item and how long it has been in flow. */
@Description("An item in progress and its age since flow start.")
public record AgingItem(
        @NonNull @Id @Description("Work item id.") String itemId,
        @NonNull @Description("Key in the tool (e.g. PAY-123).") String key,
        @Description("Title, if known.") String title,
        @NonNull @Description("Item type.") ItemType itemType,
        @NonNull @Description("Current stage.") String stage,
        @Description("Seconds since flow start.") double ageSeconds,
        @Description("Older than the p85 flow time of recently finished items (needs at least 5 of them).") boolean atRisk,
        @Description("Older than the stream's SLE days; false when no SLE is set.") boolean sleBreached) {
}
