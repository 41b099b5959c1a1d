package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** The DORA metrics of one value stream over one window: the v1 four keys and DORA's current five (v2). */
@Description("DORA metrics of the stream's services in its production environments over a window.")
public record DoraMetrics(
        @Description("Successful production deployments finished in the window.") int deployments,
        @NonNull @Description("Deployments per day.") DoraMetric deploymentFrequency,
        @NonNull @Description("Lead time for changes (first commit to production), seconds.") DurationStats leadTimeForChanges,
        @Description("Band of the lead time's p50.") DoraBand leadTimeBand,
        @NonNull @Description("Share of deployments that caused an incident, 0..1.") DoraMetric changeFailureRate,
        @NonNull @Description("Time to restore (incident opened to resolved), seconds.") DurationStats timeToRestore,
        @Description("Band of the time to restore's p50.") DoraBand timeToRestoreBand,
        @NonNull @Description("Failed deployment recovery time: from a failed deployment of the window to the next "
                + "deployment of its service and environment that did not fail, seconds.") DurationStats failedDeploymentRecoveryTime,
        @Description("Band of the failed deployment recovery time's p50.") DoraBand failedDeploymentRecoveryBand,
        @Description("Failed deployments of the window not recovered as of the window's end.") int unrecoveredDeployments,
        @Description("Deployment rework rate: share of the window's deployments that are rework (rollback, hotfix, or "
                + "deployed during an open incident of the service), 0..1; null when there are none.") Double reworkRate) {

    /** The v1 keys alone: no failed deployment recovery and no rework rate measured (the v2 fields empty). */
    public DoraMetrics(int deployments, DoraMetric deploymentFrequency, DurationStats leadTimeForChanges,
            DoraBand leadTimeBand, DoraMetric changeFailureRate, DurationStats timeToRestore, DoraBand timeToRestoreBand) {
        this(deployments, deploymentFrequency, leadTimeForChanges, leadTimeBand, changeFailureRate, timeToRestore,
                timeToRestoreBand, new DurationStats(0, null, null, null, null), null, 0, null);
    }
}
