package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** One deployment of a value stream, explained: why it failed or is rework, and its recovery (METRICS.md "DORA v2"). */
@Description("A deployment of the stream's services in its production environments, explained as of the window's "
        + "end: whether it failed, whether it is rework, the incidents attributed to it and how, what it rolls back, "
        + "and how long recovery took.")
public record DeploymentView(
        @NonNull @Id @Description("Deployment id.") String deploymentId,
        @NonNull @Description("Deployed service.") String service,
        @NonNull @Description("Environment it was deployed to.") String environment,
        @NonNull @Description("When it finished.") Instant finishedAt,
        @Description("Failed: an incident is attributed to it, or a later deployment rolls it back.") boolean failed,
        @Description("Rework: a rollback, a hotfix, or deployed while an incident of its service was open.") boolean rework,
        @NonNull @Description("Incidents attributed to it, known as of the window's end, by incident id.") List<@NonNull AttributedIncident> incidents,
        @Id @Description("The deployment this one rolls back, if any.") String rollbackOf,
        @Description("Seconds until the next deployment of the same service and environment that did not fail; null "
                + "unless failed and recovered before the window's end.") Double recoverySeconds) {
}
