package dev.flowlens.metrics.calc.fact;

import java.time.Instant;
import java.util.List;

/**
 * A finished deployment and the commits it shipped that the previous successful one had not; {@code rollbackOf} is
 * the id of the deployment it rolls back (null: none), {@code hotfix} whether the tool marked it a hotfix.
 */
public record DeploymentFact(String deploymentId, String service, String environment, boolean success,
        Instant startedAt, Instant finishedAt, List<String> commitShas, String rollbackOf, boolean hotfix) {

    /** A deployment that rolls nothing back and is no hotfix (every deployment of contract v1). */
    public DeploymentFact(String deploymentId, String service, String environment, boolean success,
            Instant startedAt, Instant finishedAt, List<String> commitShas) {
        this(deploymentId, service, environment, success, startedAt, finishedAt, commitShas, null, false);
    }
}
