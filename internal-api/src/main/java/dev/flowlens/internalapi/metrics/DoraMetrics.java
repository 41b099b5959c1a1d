package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** The four DORA keys of one value stream over one window. */
@Description("DORA metrics of the stream's services in its production environments over a window.")
public record DoraMetrics(
        @Description("Successful production deployments finished in the window.") int deployments,
        @NonNull @Description("Deployments per day.") DoraMetric deploymentFrequency,
        @NonNull @Description("Lead time for changes (first commit to production), seconds.") DurationStats leadTimeForChanges,
        @Description("Band of the lead time's p50.") DoraBand leadTimeBand,
        @NonNull @Description("Share of deployments that caused an incident, 0..1.") DoraMetric changeFailureRate,
        @NonNull @Description("Time to restore (incident opened to resolved), seconds.") DurationStats timeToRestore,
        @Description("Band of the time to restore's p50.") DoraBand timeToRestoreBand) {
}
