package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** An incident attributed to a deployment, and by which rule. */
@Description("An incident attributed to a deployment, and by which rule.")
public record AttributedIncident(
        @NonNull @Id @Description("Incident id.") String incidentId,
        @NonNull @Description("EXPLICIT (its causedByDeploymentId) or WINDOW (the stream's attribution window).") AttributionRule rule) {
}
