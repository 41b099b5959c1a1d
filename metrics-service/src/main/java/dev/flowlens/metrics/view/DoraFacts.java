package dev.flowlens.metrics.view;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.index.DoraIndex;
import java.util.List;

/**
 * A stream's {@link DoraIndex}, prepared when a reader first asks for it rather than when a poll publishes. Under a
 * steady flow of deployments every poll changes the DORA facts, and preparing the index at each publish cost a third
 * of metrics-service's CPU (JFR, {@code bin/bench-webhooks} at 500/s) for answers nobody had asked for; now a poll
 * only hands over the facts, and the first DORA query of a snapshot prepares them once for every later reader.
 * Thread-safe: readers on any thread get the same index.
 */
public final class DoraFacts {
    private final ValueStream stream;
    /** The facts to prepare; dropped once prepared. Guarded by {@code this}. */
    private List<ChangeFact> changes;
    private List<DeploymentFact> deployments;
    private List<IncidentFact> incidents;
    /** Whether each kind holds every id at most once (the cache's facts, kept by id). */
    private final boolean uniqueIds;
    private volatile DoraIndex prepared;

    private DoraFacts(ValueStream stream, List<ChangeFact> changes, List<DeploymentFact> deployments,
            List<IncidentFact> incidents, boolean uniqueIds, DoraIndex prepared) {
        this.stream = stream;
        this.uniqueIds = uniqueIds;
        this.changes = changes;
        this.deployments = deployments;
        this.incidents = incidents;
        this.prepared = prepared;
    }

    /**
     * Facts to be prepared on first use; the lists must not change afterwards. {@code uniqueIds}: each list holds
     * every id at most once, so the preparation need not drop repeats ({@link DoraIndex#of(ValueStream, List, List,
     * List, boolean)}).
     */
    public static DoraFacts pending(ValueStream stream, List<ChangeFact> changes, List<DeploymentFact> deployments,
            List<IncidentFact> incidents, boolean uniqueIds) {
        return new DoraFacts(stream, changes, deployments, incidents, uniqueIds, null);
    }

    /** An index prepared already. */
    public static DoraFacts of(DoraIndex index) {
        return new DoraFacts(null, null, null, null, true, index);
    }

    /** True once the index has been prepared (for tests and benchmarks). */
    public boolean isPrepared() {
        return prepared != null;
    }

    /** The prepared index, preparing it on the first call. */
    public DoraIndex index() {
        DoraIndex d = prepared;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (prepared == null) {
                prepared = DoraIndex.of(stream, changes, deployments, incidents, uniqueIds);
                changes = null;
                deployments = null;
                incidents = null;
            }
            return prepared;
        }
    }
}
