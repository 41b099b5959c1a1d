package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A service level expectation to save. */
@Description("A service level expectation: percentile % of items finish within days.")
@Input("SleInput")
public record SleInput(
        @NonNull @Description("Days of flow time (may be fractional); > 0.") Double days,
        @NonNull @Description("The share of items, in %, expected to finish within days; 1..100.") Integer percentile) {
}
