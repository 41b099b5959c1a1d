package dev.flowlens.internalapi.metrics;

import dev.flowlens.events.ItemType;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A count of items of one type. */
@Description("A count of items of one item type.")
public record TypeCount(
        @NonNull @Description("The item type.") ItemType itemType,
        @Description("How many items of that type.") int count) {
}
