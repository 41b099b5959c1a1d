package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A value stream's service level expectation (Kanban): {@code percentile} % of items finish within {@code days}.
 * Boxed so that metrics-service's checks can name a missing field ({@code dev.flowlens.metrics.calc.ValueStreams});
 * a saved stream always has both.
 */
@Description("Service level expectation: percentile % of items finish (flow time) within days.")
public record Sle(
        @NonNull @Description("Days of flow time (may be fractional); > 0.") Double days,
        @NonNull @Description("The share of items, in %, expected to finish within days; 1..100.") Integer percentile) {
}
