package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/** A value stream's incident attribution to save. */
@Description("How incidents are attributed to the stream's deployments.")
@Input("IncidentAttributionInput")
public record IncidentAttributionInput(
        @Description("Hours before an incident opened in which its service's latest deployment is blamed, 0..8760; "
                + "0 = only explicit attribution (causedByDeploymentId).") int windowHours) {
}
