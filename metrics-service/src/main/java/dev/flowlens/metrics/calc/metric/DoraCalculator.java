package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.AttributedIncident;
import dev.flowlens.internalapi.metrics.DeploymentView;
import dev.flowlens.internalapi.metrics.DoraBand;
import dev.flowlens.internalapi.metrics.DoraMetric;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.index.DoraIndex;
import dev.flowlens.metrics.calc.index.DoubleList;
import dev.flowlens.metrics.calc.index.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DORA metrics (METRICS.md "DORA", and "DORA v2": failed deployments by attribution or rollback, failed deployment
 * recovery time, deployment rework rate, the explained deployments list). Pure.
 */
public final class DoraCalculator {
    private static final double DAY = Times.DAY_SECONDS;

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
        return dora(DoraIndex.of(stream, changes, deployments, incidents), w, now);
    }

    /**
     * As {@link #dora(ValueStream, List, List, List, Window, Instant)}, from the stream's prepared facts.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static DoraMetrics dora(DoraIndex facts, Window window, Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);

        // Deployments: successful production deployments of the stream finished in [from, asOf).
        int first = DoraIndex.firstAtOrAfter(facts.shippedFinish, w.from());
        int last = DoraIndex.firstAtOrAfter(facts.shippedFinish, asOf);
        int count = Math.max(0, last - first);
        double windowDays = Times.seconds(w.from(), w.to()) / DAY;
        double frequency = count / windowDays;
        DoraMetric deploymentFrequency = new DoraMetric(frequency, frequencyBand(frequency));

        // Lead time for changes, counted in the window of the deployment that shipped them.
        int lf = DoraIndex.firstAtOrAfter(facts.leadFinish, w.from());
        int ll = DoraIndex.firstAtOrAfter(facts.leadFinish, asOf);
        double[] leads = ll > lf ? Arrays.copyOfRange(facts.leadSeconds, lf, ll) : new double[0];
        DurationStats leadStats = Durations.of(leads);

        // Change failure rate (DORA v2: an attributed incident or a rollback, known as of asOf), failed deployment
        // recovery time and the deployment rework rate, over the deployments of the window.
        int failed = 0;
        int unrecovered = 0;
        int rework = 0;
        DoubleList recovery = new DoubleList();
        for (int k = first; k < last; k++) {
            if (facts.rework[k]) {
                rework++;
            }
            if (!facts.failedAsOf(k, asOf)) {
                continue;
            }
            failed++;
            Double seconds = facts.recoverySeconds(k, asOf);
            if (seconds == null) {
                unrecovered++;
            } else {
                recovery.add(seconds);
            }
        }
        Double cfr = count == 0 ? null : (double) failed / count;
        Double reworkRate = count == 0 ? null : (double) rework / count;
        DurationStats recoveryStats = recovery.stats();
        DoraMetric changeFailureRate = new DoraMetric(cfr, cfr == null ? null : failureBand(cfr));

        // Time to restore: incidents of the stream's services resolved in the window.
        int rf = DoraIndex.firstAtOrAfter(facts.restoreResolved, w.from());
        int rl = DoraIndex.firstAtOrAfter(facts.restoreResolved, asOf);
        DoubleList restore = new DoubleList();
        Map<String, Integer> winner = facts.restoreDuplicates ? new HashMap<>() : null;
        if (winner != null) {
            // The same incident id twice: the first in (incidentId, input order) among those in the window counts.
            for (int k = rf; k < rl; k++) {
                if (facts.restoreIds[k] != null) {
                    winner.merge(facts.restoreIds[k], k,
                            (a, b) -> facts.restoreRank[a] <= facts.restoreRank[b] ? a : b);
                }
            }
        }
        for (int k = rf; k < rl; k++) {
            if (winner != null && facts.restoreIds[k] != null && winner.get(facts.restoreIds[k]) != k) {
                continue;
            }
            if (facts.restoreSeconds[k] >= 0) {
                restore.add(facts.restoreSeconds[k]);
            }
        }
        DurationStats restoreStats = restore.stats();
        return new DoraMetrics(count, deploymentFrequency, leadStats,
                leadStats.p50() == null ? null : leadTimeBand(leadStats.p50()), changeFailureRate, restoreStats,
                restoreStats.p50() == null ? null : timeToRestoreBand(restoreStats.p50()), recoveryStats,
                recoveryStats.p50() == null ? null : timeToRestoreBand(recoveryStats.p50()), unrecovered, reworkRate);
    }

    /**
     * The deployments of the stream finished in [from, asOf), by finishedAt then deploymentId, each explained as of
     * asOf (METRICS.md "DORA v2", deploymentsList).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<DeploymentView> deploymentsList(DoraIndex facts, Window window, Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        int first = DoraIndex.firstAtOrAfter(facts.shippedFinish, w.from());
        int last = DoraIndex.firstAtOrAfter(facts.shippedFinish, asOf);
        List<DeploymentView> out = new ArrayList<>(Math.max(0, last - first));
        for (int k = first; k < last; k++) {
            DeploymentFact d = facts.shipped[k];
            List<AttributedIncident> incidents = new ArrayList<>(facts.attributed[k].length);
            for (DoraIndex.Attribution a : facts.attributed[k]) {
                if (a.openedAt().isBefore(asOf)) {
                    incidents.add(new AttributedIncident(a.incidentId(), a.rule()));
                }
            }
            boolean failed = facts.failedAsOf(k, asOf);
            out.add(new DeploymentView(d.deploymentId(), d.service(), d.environment(), d.finishedAt(), failed,
                    facts.rework[k], List.copyOf(incidents), d.rollbackOf(),
                    failed ? facts.recoverySeconds(k, asOf) : null));
        }
        return out;
    }

    /**
     * As {@link #deploymentsList(DoraIndex, Window, Instant)}, from the stream's facts.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<DeploymentView> deploymentsList(ValueStream stream, List<ChangeFact> changes,
            List<DeploymentFact> deployments, List<IncidentFact> incidents, Window window, Instant now) {
        Window w = window.validate();
        return deploymentsList(DoraIndex.of(stream, changes, deployments, incidents), w, now);
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
