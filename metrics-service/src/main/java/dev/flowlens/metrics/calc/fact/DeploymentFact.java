package dev.flowlens.metrics.calc.fact;

import java.time.Instant;
import java.util.List;

/** A finished deployment and the commits it shipped that the previous successful one had not. */
public record DeploymentFact(String deploymentId, String service, String environment, boolean success,
        Instant startedAt, Instant finishedAt, List<String> commitShas) {
}
