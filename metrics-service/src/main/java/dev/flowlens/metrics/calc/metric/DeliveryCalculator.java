package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.ChangeView;
import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.index.DeliveryIndex;
import dev.flowlens.metrics.calc.index.DoubleList;
import dev.flowlens.metrics.calc.index.ProductionIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Delivery (code review) and idea to production (METRICS.md "Contract v2 additions"). Pure. */
public final class DeliveryCalculator {
    private DeliveryCalculator() {
    }

    /**
     * Delivery of the stream over the window from its facts (prepares them: for tests and the straightforward path).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static DeliveryMetrics delivery(ValueStream stream, List<ChangeFact> changes, List<ReviewFact> reviews,
            List<DeploymentFact> deployments, Window window, Instant now) {
        return delivery(DeliveryIndex.of(stream, changes, reviews, deployments), window, now);
    }

    /**
     * Delivery of the stream over the window: its merged changes with mergedAt in [from, to), each phase over the
     * changes it applies to, deploy time only for changes whose shipping deployment finished before asOf. Computed from
     * {@link #changesList(DeliveryIndex, Window, Instant)}'s values, so the list explains every number.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static DeliveryMetrics delivery(DeliveryIndex index, Window window, Instant now) {
        List<ChangeView> changes = changesList(index, window, now);
        DoubleList coding = new DoubleList();
        DoubleList pickup = new DoubleList();
        DoubleList review = new DoubleList();
        DoubleList deploy = new DoubleList();
        DoubleList toMerge = new DoubleList();
        double[] sums = new double[4];
        int unreviewed = 0;
        for (ChangeView c : changes) {
            if (c.codingSeconds() != null) {
                coding.add(c.codingSeconds());
                sums[0] += c.codingSeconds();
            }
            if (c.reviewed()) {
                pickup.add(c.pickupSeconds());
                review.add(c.reviewSeconds());
                sums[1] += c.pickupSeconds();
                sums[2] += c.reviewSeconds();
            } else {
                unreviewed++;
            }
            if (c.deploySeconds() != null) {
                deploy.add(c.deploySeconds());
                sums[3] += c.deploySeconds();
            }
            toMerge.add(c.timeToMergeSeconds());
        }
        int merged = changes.size();
        String slowest = null;
        if (merged > 0) {
            int best = 0;
            for (int phase = 1; phase < sums.length; phase++) {
                if (sums[phase] > sums[best]) {
                    best = phase;
                }
            }
            slowest = DeliveryIndex.PHASES.get(best);
        }
        return new DeliveryMetrics(merged, merged == 0 ? null : (double) unreviewed / merged, coding.stats(),
                pickup.stats(), review.stats(), deploy.stats(), toMerge.stats(), slowest);
    }

    /**
     * The changes {@link #delivery(DeliveryIndex, Window, Instant)} counts (the stream's merged changes with mergedAt
     * in [from, to)), by mergedAt then change id, each with the values the delivery rules take from it.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<ChangeView> changesList(DeliveryIndex index, Window window, Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        DeliveryIndex.Range r = index.merged(w.from(), w.to());
        List<ChangeView> out = new ArrayList<>(r.to() - r.from());
        for (int k = r.from(); k < r.to(); k++) {
            out.add(view(index.phases(k), asOf));
        }
        return out;
    }

    /**
     * As {@link #changesList(DeliveryIndex, Window, Instant)}, from the stream's facts (for tests).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static List<ChangeView> changesList(ValueStream stream, List<ChangeFact> changes, List<ReviewFact> reviews,
            List<DeploymentFact> deployments, Window window, Instant now) {
        return changesList(DeliveryIndex.of(stream, changes, reviews, deployments), window, now);
    }

    /**
     * One merged change's delivery values known as of asOf, the one place the rules' per-change values are read: a
     * phase that does not apply is null (coding without a first commit, pickup and review when unreviewed), deploy
     * time and deployedAt only when the shipping deployment finished before asOf.
     */
    private static ChangeView view(DeliveryIndex.Phases p, Instant asOf) {
        boolean reviewed = !Double.isNaN(p.pickup());
        Instant deployedAt = p.shippedAt() != null && p.shippedAt().isBefore(asOf) ? p.shippedAt() : null;
        ChangeFact c = p.change();
        return new ChangeView(c.changeId(), c.repository(), p.mergedAt(), orNull(p.coding()),
                reviewed ? p.pickup() : null, reviewed ? p.review() : null,
                deployedAt == null ? null : Times.seconds(p.mergedAt(), deployedAt), p.toMerge(), reviewed, deployedAt,
                c.workItemKeys());
    }

    private static Double orNull(double seconds) {
        return Double.isNaN(seconds) ? null : seconds;
    }

    /**
     * Idea to production from the facts and the stream's timelines (prepares them: for tests).
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static ProductionFlow toProduction(ValueStream stream, List<ChangeFact> changes,
            List<DeploymentFact> deployments, List<Timeline> timelines, Window window, Instant now) {
        DeliveryIndex delivery = DeliveryIndex.of(stream, changes, List.of(), deployments);
        return toProduction(ProductionIndex.of(delivery, timelines), window, now);
    }

    /**
     * Idea to production over the window: the stream's items delivered in [from, to) as of asOf, their idea to
     * production and (for those done at asOf) done to production times, and the release queue at asOf.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static ProductionFlow toProduction(ProductionIndex index, Window window, Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        DoubleList idea = new DoubleList();
        DoubleList done = new DoubleList();
        int delivered = index.forEachDelivered(w.from(), asOf, (tl, at) -> {
            idea.add(Times.seconds(tl.createdAt(), at));
            Instant end = tl.flowEnd(asOf);
            if (end != null) {
                done.add(Math.max(0, Times.seconds(end, at)));
            }
        });
        DurationStats ideaStats = idea.stats();
        return new ProductionFlow(delivered, ideaStats, done.stats(), index.releaseQueue(asOf));
    }
}
