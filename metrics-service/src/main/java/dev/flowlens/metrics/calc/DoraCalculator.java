package dev.flowlens.metrics.calc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The four DORA keys (METRICS.md "DORA"). Pure. */
public final class DoraCalculator {
    private static final double DAY = Times.DAY_SECONDS;
    private static final Comparator<DeploymentFact> BY_FINISH = Comparator.comparing(DeploymentFact::finishedAt)
            .thenComparing(DeploymentFact::deploymentId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private DoraCalculator() {
    }

    /**
     * DORA metrics of the stream over the window. Deployments count when they are of the stream's services
     * (scope.services, empty = all) in its production environments (case-insensitive, trimmed), successful, and
     * finished in [from, asOf) with asOf = min(to, now).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static DoraMetrics dora(ValueStream stream, List<ChangeFact> changes, List<DeploymentFact> deployments,
            List<IncidentFact> incidents, Window window, Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        ValueStream vs = stream.normalized();
        Scope scope = vs.scope();
        Set<String> prodEnvs = Names.keys(vs.productionEnvironments());

        // Successful production deployments of the stream, unique by id, in order of finish.
        List<DeploymentFact> shipped = new ArrayList<>();
        for (DeploymentFact d : deployments) {
            if (d.success() && d.finishedAt() != null && d.finishedAt().isBefore(asOf)
                    && prodEnvs.contains(Names.key(d.environment())) && scope.matchesService(d.service())) {
                shipped.add(d);
            }
        }
        shipped.sort(BY_FINISH);
        Set<String> seenIds = new HashSet<>();
        shipped.removeIf(d -> d.deploymentId() != null && !seenIds.add(d.deploymentId()));

        List<DeploymentFact> inWindow = new ArrayList<>();
        for (DeploymentFact d : shipped) {
            if (inWindow(d.finishedAt(), w.from(), asOf)) {
                inWindow.add(d);
            }
        }
        int count = inWindow.size();
        double windowDays = Times.seconds(w.from(), w.to()) / DAY;
        double frequency = count / windowDays;
        DoraMetric deploymentFrequency = new DoraMetric(frequency, frequencyBand(frequency));

        // Lead time for changes: sha -> deployments that shipped it, earliest finish first.
        Map<String, List<DeploymentFact>> bySha = new HashMap<>();
        for (DeploymentFact d : shipped) {
            if (d.commitShas() == null) {
                continue;
            }
            for (String sha : d.commitShas()) {
                if (sha != null && !sha.isBlank()) {
                    bySha.computeIfAbsent(shaKey(sha), k -> new ArrayList<>(2)).add(d);
                }
            }
        }
        DoubleList leadTimes = new DoubleList();
        Set<String> seenChanges = new HashSet<>();
        for (ChangeFact c : changes) {
            if (c.changeId() != null && !seenChanges.add(c.changeId())) {
                continue;
            }
            if (c.mergedAt() == null || c.mergeCommitSha() == null || !scope.matchesRepository(c.repository())) {
                continue;
            }
            DeploymentFact d = shippedBy(c, bySha.get(shaKey(c.mergeCommitSha())));
            if (d == null || !inWindow(d.finishedAt(), w.from(), asOf)) {
                continue;
            }
            Instant first = c.firstCommitAt() != null ? c.firstCommitAt() : c.createdAt();
            if (first == null) {
                continue;
            }
            double lead = Times.seconds(first, d.finishedAt());
            if (lead >= 0) {
                leadTimes.add(lead);
            }
        }
        DurationStats leadStats = leadTimes.stats();

        // Change failure rate: deployments in the window with an incident attributed to them, known as of asOf.
        Set<String> failedIds = new HashSet<>();
        for (IncidentFact i : incidents) {
            if (i.causedByDeploymentId() != null && i.openedAt() != null && i.openedAt().isBefore(asOf)) {
                failedIds.add(i.causedByDeploymentId());
            }
        }
        int failed = 0;
        for (DeploymentFact d : inWindow) {
            if (failedIds.contains(d.deploymentId())) {
                failed++;
            }
        }
        Double cfr = count == 0 ? null : (double) failed / count;
        DoraMetric changeFailureRate = new DoraMetric(cfr, cfr == null ? null : failureBand(cfr));

        // Time to restore: incidents of the stream's services resolved in the window.
        DoubleList restore = new DoubleList();
        Set<String> seenIncidents = new HashSet<>();
        List<IncidentFact> sortedIncidents = new ArrayList<>(incidents);
        sortedIncidents.sort(Comparator.comparing(IncidentFact::incidentId,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        for (IncidentFact i : sortedIncidents) {
            if (i.resolvedAt() == null || i.openedAt() == null || !scope.matchesService(i.service())
                    || !inWindow(i.resolvedAt(), w.from(), asOf)) {
                continue;
            }
            if (i.incidentId() != null && !seenIncidents.add(i.incidentId())) {
                continue;
            }
            double ttr = Times.seconds(i.openedAt(), i.resolvedAt());
            if (ttr >= 0) {
                restore.add(ttr);
            }
        }
        DurationStats restoreStats = restore.stats();
        return new DoraMetrics(count, deploymentFrequency, leadStats,
                leadStats.p50() == null ? null : leadTimeBand(leadStats.p50()), changeFailureRate, restoreStats,
                restoreStats.p50() == null ? null : timeToRestoreBand(restoreStats.p50()));
    }

    /**
     * The deployment that ships a merged change: the earliest (by finishedAt, then deploymentId) of the candidate
     * successful production deployments with finishedAt &gt;= mergedAt, or null.
     */
    static DeploymentFact shippedBy(ChangeFact change, List<DeploymentFact> candidatesByFinish) {
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
    static String shaKey(String sha) {
        return sha.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean inWindow(Instant t, Instant from, Instant asOf) {
        return !t.isBefore(from) && t.isBefore(asOf);
    }

    /** elite &gt;= 1/day, high &gt;= 1/7, medium &gt;= 1/30, else low. */
    public static DoraBand frequencyBand(double perDay) {
        if (perDay >= 1.0) {
            return DoraBand.ELITE;
        }
        if (perDay >= 1.0 / 7) {
            return DoraBand.HIGH;
        }
        if (perDay >= 1.0 / 30) {
            return DoraBand.MEDIUM;
        }
        return DoraBand.LOW;
    }

    /** From p50 in seconds: elite &lt; 1 day, high &lt; 7 days, medium &lt; 30 days, else low. */
    public static DoraBand leadTimeBand(double p50Seconds) {
        if (p50Seconds < DAY) {
            return DoraBand.ELITE;
        }
        if (p50Seconds < 7 * DAY) {
            return DoraBand.HIGH;
        }
        if (p50Seconds < 30 * DAY) {
            return DoraBand.MEDIUM;
        }
        return DoraBand.LOW;
    }

    /** elite &lt;= 5 %, high &lt;= 10 %, medium &lt;= 15 %, else low. */
    public static DoraBand failureBand(double rate) {
        if (rate <= 0.05) {
            return DoraBand.ELITE;
        }
        if (rate <= 0.10) {
            return DoraBand.HIGH;
        }
        if (rate <= 0.15) {
            return DoraBand.MEDIUM;
        }
        return DoraBand.LOW;
    }

    /** From p50 in seconds: elite &lt; 1 hour, high &lt; 1 day, medium &lt; 7 days, else low. */
    public static DoraBand timeToRestoreBand(double p50Seconds) {
        if (p50Seconds < 3600) {
            return DoraBand.ELITE;
        }
        if (p50Seconds < DAY) {
            return DoraBand.HIGH;
        }
        if (p50Seconds < 7 * DAY) {
            return DoraBand.MEDIUM;
        }
        return DoraBand.LOW;
    }
}
