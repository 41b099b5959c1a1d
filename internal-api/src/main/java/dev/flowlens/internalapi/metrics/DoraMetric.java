package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** A DORA value with its band. */
@Description("A DORA value and its band; both null when there is nothing to measure.")
public record DoraMetric(
        @Description("The value (unit per field).") Double value,
        @Description("Performance band of the value.") DoraBand band) {
}
