package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** How a value stream attributes incidents to deployments (METRICS.md "DORA v2"). */
@Description("How incidents are attributed to the stream's deployments: by their causedByDeploymentId always, and, "
        + "when windowHours > 0, an incident without one to its service's latest deployment finished within "
        + "windowHours before it opened.")
public record IncidentAttribution(
        @Description("Hours before an incident opened in which its service's latest deployment is blamed; 0 = only "
                + "explicit attribution.") int windowHours) {

    /** Only explicit attribution (causedByDeploymentId): the default, which keeps every v1 number. */
    public static final IncidentAttribution EXPLICIT_ONLY = new IncidentAttribution(0);
}
