package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** How an incident was attributed to a deployment (METRICS.md "DORA v2"). */
@Description("How an incident was attributed to a deployment.")
public enum AttributionRule {
    @Description("The incident's causedByDeploymentId names the deployment.")
    EXPLICIT,
    @Description("The incident names no deployment: its service's latest deployment within the stream's "
            + "incidentAttribution.windowHours before it opened.")
    WINDOW
}
