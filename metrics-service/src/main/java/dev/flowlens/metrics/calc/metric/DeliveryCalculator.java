package dev.flowlens.metrics.calc.metric;

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
     * changes it applies to, deploy time only for changes whose shipping deployment finished before asOf.
     *
     * @throws IllegalArgumentException if the window is invalid
     */
    public static DeliveryMetrics delivery(DeliveryIndex index, Window window, Instant now) {
        Window w = window.validate();
        Instant asOf = w.asOf(now);
        DeliveryIndex.Range r = index.merged(w.from(), w.to());
        DoubleList coding = new DoubleList();
        DoubleList pickup = new DoubleList();
        DoubleList review = new DoubleList();
        DoubleList deploy = new DoubleList();
        DoubleList toMerge = new DoubleList();
        double[] sums = new double[4];
        int unreviewed = 0;
        for (int k = r.from(); k < r.to(); k++) {
            DeliveryIndex.Phases p = index.phases(k);
            if (!Double.isNaN(p.coding())) {
                coding.add(p.coding());
                sums[0] += p.coding();
            }
            if (Double.isNaN(p.pickup())) {
                unreviewed++;
            } else {
                pickup.add(p.pickup());
                review.add(p.review());
                sums[1] += p.pickup();
                sums[2] += p.review();
            }
            if (p.shippedAt() != null && p.shippedAt().isBefore(asOf)) {
                double d = Times.seconds(p.mergedAt(), p.shippedAt());
                deploy.add(d);
                sums[3] += d;
            }
            toMerge.add(p.toMerge());
        }
        int merged = r.to() - r.from();
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
