package dev.flowlens.internalapi.metrics;

import dev.flowlens.events.ItemType;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Share of one item type, 0..1. */
@Description("Share of one item type, 0..1 (flow distribution).")
public record TypeShare(
        @NonNull @Description("The item type.") ItemType itemType,
        @Description("Its share, 0..1.") double share) {
}
