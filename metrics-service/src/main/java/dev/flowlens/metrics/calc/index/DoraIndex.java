package dev.flowlens.metrics.calc.index;

import dev.flowlens.internalapi.metrics.AttributionRule;
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
    /**
     * For each shipped deployment, the earliest openedAt of an incident attributed to it (METRICS.md "DORA v2":
     * explicitly, or by the stream's attribution window), or null.
     */
    public final Instant[] firstBlamedAt;
    /** The shipped deployments themselves, in the order of {@link #shippedFinish}. */
    public final DeploymentFact[] shipped;
    /** For each shipped deployment, the earliest finishedAt of a shipped deployment that rolls it back, or null. */
    public final Instant[] firstRolledBackAt;
    /**
     * For each shipped deployment, whether it is rework: it has rollbackOf, is a hotfix, or finished while an incident
     * of its service was open. Independent of asOf: an incident "not resolved before asOf" with asOf after the
     * deployment is resolved after it, so the rule reduces to openedAt &lt;= finishedAt &lt; resolvedAt (or unresolved).
     */
    public final boolean[] rework;
    /** For each shipped deployment, the index of the next one of the same service and environment, or -1. */
    public final int[] nextOfSameTarget;
    /** For each shipped deployment, the incidents attributed to it, by incident id (empty when none). */
    public final Attribution[][] attributed;
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

    /** An incident attributed to a deployment: by which rule, and when it opened (it counts from then on). */
    public record Attribution(String incidentId, AttributionRule rule, Instant openedAt) {
    }

    private static final Attribution[] NONE = new Attribution[0];

    private DoraIndex(Instant[] shippedFinish, Instant[] firstBlamedAt, DeploymentFact[] shipped,
            Instant[] firstRolledBackAt, boolean[] rework, int[] nextOfSameTarget, Attribution[][] attributed,
            Instant[] leadFinish, double[] leadSeconds,
            Instant[] restoreResolved, double[] restoreSeconds, String[] restoreIds, int[] restoreRank,
            boolean restoreDuplicates) {
        this.shippedFinish = shippedFinish;
        this.firstBlamedAt = firstBlamedAt;
        this.shipped = shipped;
        this.firstRolledBackAt = firstRolledBackAt;
        this.rework = rework;
        this.nextOfSameTarget = nextOfSameTarget;
        this.attributed = attributed;
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

        int nd = shipped.size();
        Instant[] shippedFinish = new Instant[nd];
        for (int k = 0; k < nd; k++) {
            shippedFinish[k] = shipped.get(k).finishedAt();
        }
        Failures failures = failures(vs, shipped, shippedFinish, incidents);
        Instant[] firstBlamedAt = failures.firstBlamedAt;
        Map<String, List<DeploymentFact>> bySha = new HashMap<>();
        for (int k = 0; k < nd; k++) {
            DeploymentFact d = shipped.get(k);
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
        return new DoraIndex(shippedFinish, firstBlamedAt, shipped.toArray(DeploymentFact[]::new),
                failures.firstRolledBackAt, failures.rework, failures.nextOfSameTarget, failures.attributed,
                leadFinish, leadSeconds, restoreResolved, restoreSeconds, restoreIds, restoreRank, duplicates);
    }

    /** What DORA v2 needs of each shipped deployment, asOf aside. */
    private record Failures(Instant[] firstBlamedAt, Instant[] firstRolledBackAt, boolean[] rework,
            int[] nextOfSameTarget, Attribution[][] attributed) {
    }

    /**
     * Attribution, rollbacks, rework and the next deployment of the same service and environment (METRICS.md "DORA
     * v2"), over the stream's shipped deployments (sorted by finishedAt, then deploymentId). Every incident fact is
     * used, repeated ids too: an incident's attribution to a deployment is kept once, EXPLICIT before WINDOW, then
     * its earliest openedAt, so neither the order of the facts nor a repeated fact changes the answer.
     */
    private static Failures failures(ValueStream vs, List<DeploymentFact> shipped, Instant[] finish,
            List<IncidentFact> incidents) {
        int nd = shipped.size();
        long windowSeconds = vs.incidentAttribution().windowHours() * 3600L;
        // The maps are built only when something can use them: the index is rebuilt after every poll that changed
        // the stream's DORA facts, and most streams have no rollbacks and no attribution window.
        boolean explicitOrRollback = shipped.stream().anyMatch(d -> d.rollbackOf() != null)
                || incidents.stream().anyMatch(i -> i.causedByDeploymentId() != null);
        Map<String, Integer> byId = new HashMap<>();
        Map<String, List<Integer>> byService = new HashMap<>();
        for (int k = 0; k < nd; k++) {
            DeploymentFact d = shipped.get(k);
            if (explicitOrRollback && d.deploymentId() != null) {
                byId.putIfAbsent(d.deploymentId(), k);
            }
            if (windowSeconds > 0) {
                byService.computeIfAbsent(Names.key(d.service()), x -> new ArrayList<>()).add(k);
            }
        }

        // Attribution: EXPLICIT by causedByDeploymentId alone; otherwise WINDOW to the service's latest shipped
        // deployment finished in [openedAt - window, openedAt) (ties: the greatest id, the last in shipped order).
        List<Map<String, Attribution>> found = new ArrayList<>(nd);
        for (int k = 0; k < nd; k++) {
            found.add(null);
        }
        Map<String, List<IncidentFact>> incidentsOfService = new HashMap<>();
        for (IncidentFact i : incidents) {
            if (i.openedAt() == null) {
                continue;
            }
            incidentsOfService.computeIfAbsent(Names.key(i.service()), x -> new ArrayList<>()).add(i);
            Integer k = null;
            AttributionRule rule = null;
            if (i.causedByDeploymentId() != null) {
                k = byId.get(i.causedByDeploymentId());
                rule = AttributionRule.EXPLICIT;
            } else if (windowSeconds > 0) {
                List<Integer> candidates = byService.get(Names.key(i.service()));
                int before = candidates == null ? 0 : lastBefore(candidates, finish, i.openedAt());
                if (before > 0) {
                    int c = candidates.get(before - 1);
                    if (!finish[c].isBefore(i.openedAt().minusSeconds(windowSeconds))) {
                        k = c;
                        rule = AttributionRule.WINDOW;
                    }
                }
            }
            if (k == null) {
                continue;
            }
            if (found.get(k) == null) {
                found.set(k, new HashMap<>(2));
            }
            Attribution a = new Attribution(i.incidentId(), rule, i.openedAt());
            found.get(k).merge(String.valueOf(i.incidentId()), a, DoraIndex::stronger);
        }
        Instant[] firstBlamedAt = new Instant[nd];
        Attribution[][] attributed = new Attribution[nd][];
        Comparator<Attribution> byIncident = Comparator.comparing(Attribution::incidentId,
                Comparator.nullsFirst(Comparator.naturalOrder()));
        for (int k = 0; k < nd; k++) {
            Map<String, Attribution> f = found.get(k);
            if (f == null) {
                attributed[k] = NONE;
                continue;
            }
            Attribution[] list = f.values().toArray(Attribution[]::new);
            Arrays.sort(list, byIncident);
            attributed[k] = list;
            for (Attribution a : list) {
                if (firstBlamedAt[k] == null || a.openedAt().isBefore(firstBlamedAt[k])) {
                    firstBlamedAt[k] = a.openedAt();
                }
            }
        }

        // Rollbacks: only a deployment of the stream rolls back, and only a deployment of the stream is rolled back.
        Instant[] firstRolledBackAt = new Instant[nd];
        for (int r = 0; r < nd; r++) {
            String target = shipped.get(r).rollbackOf();
            Integer k = target == null ? null : byId.get(target);
            if (k != null && (firstRolledBackAt[k] == null || finish[r].isBefore(firstRolledBackAt[k]))) {
                firstRolledBackAt[k] = finish[r];
            }
        }

        // Rework: rollbackOf, hotfix, or an incident of its service open at its finish (openedAt <= finishedAt <
        // resolvedAt, or unresolved). Per service: incidents by openedAt with the running latest resolvedAt.
        boolean[] rework = new boolean[nd];
        Map<String, OpenIncidents> open = new HashMap<>();
        for (int k = 0; k < nd; k++) {
            DeploymentFact d = shipped.get(k);
            if (d.rollbackOf() != null || d.hotfix()) {
                rework[k] = true;
                continue;
            }
            List<IncidentFact> ofService = incidentsOfService.get(Names.key(d.service()));
            if (ofService != null) {
                rework[k] = open.computeIfAbsent(Names.key(d.service()), x -> OpenIncidents.of(ofService))
                        .openAt(finish[k]);
            }
        }
        // The next deployment of the same service and environment: only failed deployments look for it.
        int[] next = new int[nd];
        Arrays.fill(next, -1);
        boolean anyFailed = false;
        for (int k = 0; k < nd && !anyFailed; k++) {
            anyFailed = firstBlamedAt[k] != null || firstRolledBackAt[k] != null;
        }
        if (anyFailed) {
            Map<String, Integer> lastOfTarget = new HashMap<>();
            for (int k = 0; k < nd; k++) {
                DeploymentFact d = shipped.get(k);
                Integer previous = lastOfTarget.put(Names.key(d.service()) + '\u0000' + Names.key(d.environment()), k);
                if (previous != null) {
                    next[previous] = k;
                }
            }
        }
        return new Failures(firstBlamedAt, firstRolledBackAt, rework, next, attributed);
    }

    /** EXPLICIT before WINDOW, then the earlier openedAt: the same whatever order repeated facts come in. */
    private static Attribution stronger(Attribution a, Attribution b) {
        if (a.rule() != b.rule()) {
            return a.rule() == AttributionRule.EXPLICIT ? a : b;
        }
        return a.openedAt().isAfter(b.openedAt()) ? b : a;
    }

    /** Number of the indices (sorted by their finish) whose finish is before t. */
    private static int lastBefore(List<Integer> indices, Instant[] finish, Instant t) {
        int lo = 0;
        int hi = indices.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (finish[indices.get(mid)].isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** One service's incidents by openedAt, with the latest resolvedAt among each prefix (null: one is unresolved). */
    private record OpenIncidents(Instant[] opened, Instant[] latestResolved) {
        static OpenIncidents of(List<IncidentFact> incidents) {
            List<IncidentFact> sorted = new ArrayList<>(incidents);
            sorted.sort(Comparator.comparing(IncidentFact::openedAt));
            Instant[] opened = new Instant[sorted.size()];
            Instant[] latest = new Instant[sorted.size()];
            Instant running = Instant.MIN;
            for (int k = 0; k < opened.length; k++) {
                IncidentFact i = sorted.get(k);
                opened[k] = i.openedAt();
                if (running != null) {
                    running = i.resolvedAt() == null ? null
                            : i.resolvedAt().isAfter(running) ? i.resolvedAt() : running;
                }
                latest[k] = running;
            }
            return new OpenIncidents(opened, latest);
        }

        /** True when an incident with openedAt &lt;= t is unresolved or resolved after t. */
        boolean openAt(Instant t) {
            int n = firstAfter(opened, t);
            return n > 0 && (latestResolved[n - 1] == null || latestResolved[n - 1].isAfter(t));
        }

        private static int firstAfter(Instant[] times, Instant t) {
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (!times[mid].isAfter(t)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** Whether shipped deployment k has failed as of asOf: an attributed incident opened, or a rollback finished, before it. */
    public boolean failedAsOf(int k, Instant asOf) {
        return firstBlamedAt[k] != null && firstBlamedAt[k].isBefore(asOf)
                || firstRolledBackAt[k] != null && firstRolledBackAt[k].isBefore(asOf);
    }

    /**
     * Failed deployment recovery of shipped deployment k (failed as of asOf): seconds to the first later deployment of
     * the same service and environment (finishedAt after k's; ties: the smallest id) that has not failed as of asOf,
     * if it finished before asOf; null when k is unrecovered as of asOf.
     */
    public Double recoverySeconds(int k, Instant asOf) {
        int j = nextOfSameTarget[k];
        while (j >= 0 && !shippedFinish[j].isAfter(shippedFinish[k])) {
            j = nextOfSameTarget[j];
        }
        while (j >= 0 && shippedFinish[j].isBefore(asOf)) {
            if (!failedAsOf(j, asOf)) {
                return Times.seconds(shippedFinish[k], shippedFinish[j]);
            }
            j = nextOfSameTarget[j];
        }
        return null;
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
