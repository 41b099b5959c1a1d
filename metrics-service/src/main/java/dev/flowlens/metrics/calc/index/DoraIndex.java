package dev.flowlens.metrics.calc.index;

import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Names;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.ValueStreams;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A value stream's DORA facts, prepared once so that any window is answered with binary searches
 * ({@link dev.flowlens.metrics.calc.metric.DoraCalculator#dora(DoraIndex, Window, Instant)}). Building it links every merged change to the deployment
 * that shipped it: deployments are indexed by commit sha, each sha's successful production deployments sorted by
 * finishedAt, so n changes cost O(n log n).
 *
 * <p>The link does not depend on asOf: the rule takes the earliest shipped deployment with finishedAt &gt;= mergedAt
 * among those finished before asOf; deployments are sorted by finish, so that is the earliest one overall if it
 * finished before asOf, and none otherwise. A request keeps the links whose deployment lies in [from, asOf).
 */
public final class DoraIndex {
    /** By finishedAt, then deploymentId (nulls first); written out: the composed comparator was a tenth of of(). */
    private static final Comparator<DeploymentFact> BY_FINISH = (a, b) -> {
        int c = a.finishedAt().compareTo(b.finishedAt());
        if (c != 0) {
            return c;
        }
        String x = a.deploymentId();
        String y = b.deploymentId();
        return x == null ? (y == null ? 0 : -1) : y == null ? 1 : x.compareTo(y);
    };

    /** Successful production deployments of the stream, unique by id, by (finishedAt, id). */
    public final Instant[] shippedFinish;
    /** For each shipped deployment, the earliest openedAt of an incident blamed on it, or null. */
    public final Instant[] firstBlamedAt;
    /** Lead times of the linked changes, and their deployment's finishedAt, sorted by that finishedAt. */
    public final Instant[] leadFinish;
    public final double[] leadSeconds;
    /** Incidents of the stream's services with both times, sorted by resolvedAt. */
    public final Instant[] restoreResolved;
    public final double[] restoreSeconds;
    /** Per restore entry: its incident id, and its rank in (incidentId nulls first, input order). */
    public final String[] restoreIds;
    public final int[] restoreRank;
    /** True when two restore entries share an incident id (only lists given directly to the calculator). */
    public final boolean restoreDuplicates;

    private DoraIndex(Instant[] shippedFinish, Instant[] firstBlamedAt, Instant[] leadFinish, double[] leadSeconds,
            Instant[] restoreResolved, double[] restoreSeconds, String[] restoreIds, int[] restoreRank,
            boolean restoreDuplicates) {
        this.shippedFinish = shippedFinish;
        this.firstBlamedAt = firstBlamedAt;
        this.leadFinish = leadFinish;
        this.leadSeconds = leadSeconds;
        this.restoreResolved = restoreResolved;
        this.restoreSeconds = restoreSeconds;
        this.restoreIds = restoreIds;
        this.restoreRank = restoreRank;
        this.restoreDuplicates = restoreDuplicates;
    }

    /** Prepares the stream's facts (all of them: the calculator applies the stream's scope here). */
    public static DoraIndex of(ValueStream stream, List<ChangeFact> changes, List<DeploymentFact> deployments,
            List<IncidentFact> incidents) {
        return of(stream, changes, deployments, incidents, false);
    }

    /**
     * {@link #of(ValueStream, List, List, List)} for facts known to hold each id at most once per kind (the cache's,
     * kept by id): then the sets that drop repeated ids are not needed. They were a tenth of metrics-service's CPU
     * under webhook load (JFR: {@code HashMap.putVal} under {@code HashSet.add}), for a query after every poll.
     */
    public static DoraIndex of(ValueStream stream, List<ChangeFact> changes, List<DeploymentFact> deployments,
            List<IncidentFact> incidents, boolean uniqueIds) {
        ValueStream vs = ValueStreams.normalized(stream);
        Scope scope = vs.scope();
        Predicate<String> serviceInScope = service -> Scopes.matchesService(scope, service);
        Set<String> prodEnvs = Names.keys(vs.productionEnvironments());

        // Environments and services are a few distinct spellings among many facts: each is matched once.
        Map<String, Boolean> prodEnv = new HashMap<>();
        Map<String, Boolean> inScope = new HashMap<>();
        List<DeploymentFact> shipped = new ArrayList<>();
        for (DeploymentFact d : deployments) {
            if (d.success() && d.finishedAt() != null
                    && matches(prodEnv, d.environment(), e -> prodEnvs.contains(Names.key(e)))
                    && matches(inScope, d.service(), serviceInScope)) {
                shipped.add(d);
            }
        }
        shipped.sort(BY_FINISH);
        if (!uniqueIds) {
            Set<String> seenIds = new HashSet<>();
            shipped.removeIf(d -> d.deploymentId() != null && !seenIds.add(d.deploymentId()));
        }

        // Change failure: incidents count toward the deployment they blame, whatever their service.
        Map<String, Instant> blamed = new HashMap<>();
        for (IncidentFact i : incidents) {
            if (i.causedByDeploymentId() != null && i.openedAt() != null) {
                blamed.merge(i.causedByDeploymentId(), i.openedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        int nd = shipped.size();
        Instant[] shippedFinish = new Instant[nd];
        Instant[] firstBlamedAt = new Instant[nd];
        Map<String, List<DeploymentFact>> bySha = new HashMap<>();
        for (int k = 0; k < nd; k++) {
            DeploymentFact d = shipped.get(k);
            shippedFinish[k] = d.finishedAt();
            firstBlamedAt[k] = d.deploymentId() == null ? null : blamed.get(d.deploymentId());
            if (d.commitShas() == null) {
                continue;
            }
            for (String sha : d.commitShas()) {
                if (sha != null && !sha.isBlank()) {
                    bySha.computeIfAbsent(shaKey(sha), x -> new ArrayList<>(2)).add(d);
                }
            }
        }

        // Lead time for changes.
        List<Instant> finishes = new ArrayList<>();
        List<Double> leads = new ArrayList<>();
        Set<String> seenChanges = uniqueIds ? null : new HashSet<>();
        for (ChangeFact c : changes) {
            if (seenChanges != null && c.changeId() != null && !seenChanges.add(c.changeId())) {
                continue;
            }
            if (c.mergedAt() == null || c.mergeCommitSha() == null || !Scopes.matchesRepository(scope, c.repository())) {
                continue;
            }
            DeploymentFact d = shippedBy(c, bySha.get(shaKey(c.mergeCommitSha())));
            Instant first = c.firstCommitAt() != null ? c.firstCommitAt() : c.createdAt();
            if (d == null || first == null) {
                continue;
            }
            double lead = Times.seconds(first, d.finishedAt());
            if (lead >= 0) {
                finishes.add(d.finishedAt());
                leads.add(lead);
            }
        }
        Integer[] order = sortedOrder(finishes);
        Instant[] leadFinish = new Instant[order.length];
        double[] leadSeconds = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            leadFinish[k] = finishes.get(order[k]);
            leadSeconds[k] = leads.get(order[k]);
        }

        // Time to restore: incidents of the stream's services; duplicates by id are resolved per window.
        List<IncidentFact> byId = new ArrayList<>(incidents);
        byId.sort(Comparator.comparing(IncidentFact::incidentId, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<Instant> resolved = new ArrayList<>();
        List<Double> ttr = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        Set<String> seenIncidents = uniqueIds ? null : new HashSet<>();
        boolean duplicates = false;
        for (int k = 0; k < byId.size(); k++) {
            IncidentFact i = byId.get(k);
            if (i.resolvedAt() == null || i.openedAt() == null || !Scopes.matchesService(scope, i.service())) {
                continue;
            }
            if (seenIncidents != null && i.incidentId() != null && !seenIncidents.add(i.incidentId())) {
                duplicates = true;
            }
            resolved.add(i.resolvedAt());
            ttr.add(Times.seconds(i.openedAt(), i.resolvedAt()));
            ids.add(i.incidentId());
            ranks.add(k);
        }
        Integer[] rOrder = sortedOrder(resolved);
        int nr = rOrder.length;
        Instant[] restoreResolved = new Instant[nr];
        double[] restoreSeconds = new double[nr];
        String[] restoreIds = new String[nr];
        int[] restoreRank = new int[nr];
        for (int k = 0; k < nr; k++) {
            restoreResolved[k] = resolved.get(rOrder[k]);
            restoreSeconds[k] = ttr.get(rOrder[k]);
            restoreIds[k] = ids.get(rOrder[k]);
            restoreRank[k] = ranks.get(rOrder[k]);
        }
        return new DoraIndex(shippedFinish, firstBlamedAt, leadFinish, leadSeconds, restoreResolved, restoreSeconds,
                restoreIds, restoreRank, duplicates);
    }

    /** {@code test(value)}, remembered by value (null is tested each time, and not remembered). */
    private static boolean matches(Map<String, Boolean> seen, String value, Predicate<String> test) {
        if (value == null) {
            return test.test(null);
        }
        Boolean known = seen.get(value);
        if (known == null) {
            known = test.test(value);
            seen.put(value, known);
        }
        return known;
    }

    private static Integer[] sortedOrder(List<Instant> keys) {
        Integer[] order = new Integer[keys.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparing(keys::get));
        return order;
    }

    /** Index of the first element of sorted {@code times} at or after t. */
    public static int firstAtOrAfter(Instant[] times, Instant t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid].isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of linked changes (for benchmarks and health). */
    public int linkedChanges() {
        return leadSeconds.length;
    }

    /**
     * The deployment that ships a merged change: the earliest (by finishedAt, then deploymentId) of the candidate
     * successful production deployments with finishedAt &gt;= mergedAt, or null.
     */
    public static DeploymentFact shippedBy(ChangeFact change, List<DeploymentFact> candidatesByFinish) {
        if (candidatesByFinish == null) {
            return null;
        }
        for (DeploymentFact d : candidatesByFinish) {
            if (!d.finishedAt().isBefore(change.mergedAt())) {
                return d;
            }
        }
        return null;
    }

    /** Commit shas compare case-insensitively (hex), after trimming. */
    public static String shaKey(String sha) {
        // the tools send lowercase hex already: then the sha is its own key (no copy)
        for (int i = 0; i < sha.length(); i++) {
            char ch = sha.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z')) {
                return sha.trim().toLowerCase(Locale.ROOT);
            }
        }
        return sha;
    }
}
