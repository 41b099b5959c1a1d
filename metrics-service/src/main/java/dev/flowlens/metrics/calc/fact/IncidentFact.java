package dev.flowlens.metrics.calc.fact;

import java.time.Instant;

/** An incident; {@code resolvedAt} is null while open, {@code causedByDeploymentId} null when unknown. */
public record IncidentFact(String incidentId, String service, Instant openedAt, Instant resolvedAt,
        String causedByDeploymentId) {
}
