package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.DAY;
import static dev.flowlens.metrics.calc.Fixtures.HOUR;
import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.ChangeView;
import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.DeliveryIndex;
import dev.flowlens.metrics.calc.index.DoubleList;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * METRICS.md "Contract v2 additions", "Delivery" and "Idea to production": each scenario with its hand-computed answer.
 */
class DeliveryCalculatorTest {
    static final Instant NOW = at("04-10");
    static final Window MARCH = Fixtures.window("03-01", "04-01", Granularity.DAY);

    static ValueStream paymentsRepo() {
        ValueStream s = Fixtures.stream();
        return new ValueStream(s.id(), s.name(), new Scope(null, null, null, null, List.of(" ACME/Payments ")),
                s.stages(), s.doneStatuses(), s.productionEnvironments(), s.visibleToGroups());
    }

    static ChangeFact change(String id, String repo, String author, String created, String firstCommit, String ready,
            String merged, String sha, String... keys) {
        return new ChangeFact(id, repo, at(created), firstCommit == null ? null : at(firstCommit),
                merged == null ? null : at(merged), sha, author, ready == null ? null : at(ready), List.of(keys));
    }

    static ReviewFact review(String id, String change, String reviewer, String when) {
        return new ReviewFact(id, change, "acme/payments", reviewer, "approved", at(when));
    }

    static DeploymentFact deploy(String id, String finished, String... shas) {
        return new DeploymentFact(id, "payments", "production", true, null, at(finished), List.of(shas));
    }

    static DurationStats stats(int n, double mean, double p50, double p85, double p95) {
        return new DurationStats(n, mean, p50, p85, p95);
    }

    // c1: own review (excluded), review after merge (excluded), readyForReviewAt given, shipped in the window.
    // c2: no first commit, only its author's review: unreviewed; never shipped.
    // c3: no author: every review counts; reviewed before ready (pickup clamped to 0); shipped after asOf.
    static final List<ChangeFact> CHANGES = List.of(
            change("c1", "acme/payments", "alice", "03-02T10:00", "03-02T08:00", "03-02T12:00", "03-03T12:00", "s1"),
            change("c2", "acme/payments", "bob", "03-05T00:00", null, null, "03-05T06:00", "s2"),
            change("c3", "acme/payments", null, "03-10T00:00", "03-09T00:00", "03-10T02:00", "03-10T04:00", "s3"),
            change("c4", "acme/payments", "bob", "03-30T00:00", null, null, "04-01T00:00", "s4"), // merged at `to`
            change("c5", "acme/payments", "bob", "03-06T00:00", null, null, null, null), // opened only
            change("c6", "acme/other", "bob", "03-06T00:00", null, null, "03-06T01:00", "s6")); // other repository
    static final List<ReviewFact> REVIEWS = List.of(
            review("r1", "c1", "alice", "03-02T13:00"),
            review("r2", "c1", "bob", "03-03T10:00"),
            review("r3", "c1", "carol", "03-04T00:00"),
            review("r4", "c2", "bob", "03-05T01:00"),
            review("r5", "c3", "dave", "03-10T01:00"));
    static final List<DeploymentFact> DEPLOYMENTS = List.of(
            deploy("d1", "03-03T18:00", "s1"),
            deploy("d2", "04-02T00:00", "s3"),
            new DeploymentFact("d0", "payments", "staging", true, null, at("03-03T13:00"), List.of("s1")));

    @Test
    void phasesOfTheWindowsMergedChangesFollowTheRules() {
        DeliveryMetrics m = DeliveryCalculator.delivery(paymentsRepo(), CHANGES, REVIEWS, DEPLOYMENTS, MARCH, NOW);

        assertThat(m.merged()).isEqualTo(3);
        assertThat(m.unreviewedShare()).isEqualTo(1.0 / 3);
        // coding: c1 12:00 - 08:00 = 4 h; c3 03-10T02:00 - 03-09T00:00 = 26 h; c2 has no first commit
        assertThat(m.codingTime()).isEqualTo(stats(2, 15 * HOUR, 4 * HOUR, 26 * HOUR, 26 * HOUR));
        // pickup: c1 ready 03-02T12:00 to bob's review 03-03T10:00 = 22 h; c3 review before ready: 0
        assertThat(m.pickupTime()).isEqualTo(stats(2, 11 * HOUR, 0, 22 * HOUR, 22 * HOUR));
        // review: c1 10:00 to 12:00 = 2 h; c3 01:00 to 04:00 = 3 h
        assertThat(m.reviewTime()).isEqualTo(stats(2, 2.5 * HOUR, 2 * HOUR, 3 * HOUR, 3 * HOUR));
        // deploy: c1 merged 03-03T12:00, production d1 03-03T18:00 = 6 h (not staging d0); c3 shipped after asOf
        assertThat(m.deployTime()).isEqualTo(stats(1, 6 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR));
        // time to merge: c1 28 h from first commit, c2 6 h from creation, c3 28 h
        assertThat(m.timeToMerge()).isEqualTo(stats(3, (28 + 6 + 28) * HOUR / 3, 28 * HOUR, 28 * HOUR, 28 * HOUR));
        // sums: coding 30 h, pickup 22 h, review 5 h, deploy 6 h
        assertThat(m.slowestPhase()).isEqualTo("coding");
    }

    static ChangeView changeView(String id, String merged, Double coding, Double pickup, Double review, Double deploy,
            double toMerge, String deployed, String... keys) {
        return new ChangeView(id, "acme/payments", at(merged), coding, pickup, review, deploy, toMerge, pickup != null,
                deployed == null ? null : at(deployed), List.of(keys));
    }

    /** DurationStats (v1 rule) of the list's non-null values. */
    static DurationStats statsOf(List<ChangeView> list, Function<ChangeView, Double> value) {
        DoubleList values = new DoubleList();
        list.stream().map(value).filter(Objects::nonNull).forEach(values::add);
        return values.stats();
    }

    @Test
    void theChangesListHoldsEachCountedChangeWithTheValuesTheAggregateIsComputedFrom() {
        List<ChangeView> march = DeliveryCalculator.changesList(paymentsRepo(), CHANGES, REVIEWS, DEPLOYMENTS, MARCH,
                NOW);
        // by hand, as in phasesOfTheWindowsMergedChangesFollowTheRules: c1 coding 4 h, pickup 22 h, review 2 h,
        // deploy 6 h (d1), to merge 28 h; c2 no first commit, unreviewed, never shipped, 6 h; c3 coding 26 h,
        // pickup 0, review 3 h, shipped 04-02 after asOf (04-01): no deploy time, 28 h
        assertThat(march).containsExactly(
                changeView("c1", "03-03T12:00", 4.0 * HOUR, 22.0 * HOUR, 2.0 * HOUR, 6.0 * HOUR, 28 * HOUR,
                        "03-03T18:00"),
                changeView("c2", "03-05T06:00", null, null, null, null, 6 * HOUR, null),
                changeView("c3", "03-10T04:00", 26.0 * HOUR, 0.0, 3.0 * HOUR, null, 28 * HOUR, null));
        DeliveryMetrics m = DeliveryCalculator.delivery(paymentsRepo(), CHANGES, REVIEWS, DEPLOYMENTS, MARCH, NOW);
        // the aggregate is these values' statistics
        assertThat(march).hasSize(m.merged());
        assertThat((double) march.stream().filter(c -> !c.reviewed()).count() / march.size())
                .isEqualTo(m.unreviewedShare());
        assertThat(statsOf(march, ChangeView::codingSeconds)).isEqualTo(m.codingTime());
        assertThat(statsOf(march, ChangeView::pickupSeconds)).isEqualTo(m.pickupTime());
        assertThat(statsOf(march, ChangeView::reviewSeconds)).isEqualTo(m.reviewTime());
        assertThat(statsOf(march, ChangeView::deploySeconds)).isEqualTo(m.deployTime());
        assertThat(statsOf(march, ChangeView::timeToMergeSeconds)).isEqualTo(m.timeToMerge());

        // to 04-03 (asOf 04-03): c4 merged at 04-01 is in, c3's deployment at 04-02 now counts
        Window toApril3 = Fixtures.window("03-01", "04-03", Granularity.DAY);
        List<ChangeView> april = DeliveryCalculator.changesList(paymentsRepo(), CHANGES, REVIEWS, DEPLOYMENTS,
                toApril3, NOW);
        assertThat(april).extracting(ChangeView::changeId).containsExactly("c1", "c2", "c3", "c4");
        assertThat(april.get(2).deploySeconds()).isEqualTo(22.0 * DAY + 20 * HOUR);
        assertThat(april.get(2).deployedAt()).isEqualTo(at("04-02T00:00"));
        assertThat(april.get(3).timeToMergeSeconds()).isEqualTo(2.0 * DAY);
        assertThat(DeliveryCalculator.delivery(paymentsRepo(), CHANGES, REVIEWS, DEPLOYMENTS, toApril3, NOW).merged())
                .isEqualTo(april.size());
    }

    @Test
    void theChangesListCarriesTheWorkItemKeysAndIsOrderedByMergeThenId() {
        List<ChangeFact> changes = List.of(
                change("b", "acme/payments", "alice", "03-02T00:00", null, null, "03-03T00:00", "sb", "PAY-1"),
                change("a", "acme/payments", "alice", "03-02T00:00", null, null, "03-03T00:00", "sa", "PAY-2", "pay-3"),
                change("0", "acme/payments", "alice", "03-02T00:00", null, null, "03-04T00:00", "s0"));
        List<ChangeView> list = DeliveryCalculator.changesList(paymentsRepo(), changes, List.of(), List.of(), MARCH,
                NOW);
        assertThat(list).extracting(ChangeView::changeId).containsExactly("a", "b", "0");
        assertThat(list.get(0).workItemKeys()).containsExactly("PAY-2", "pay-3");
        assertThat(list.get(2).workItemKeys()).isEmpty();
        assertThat(DeliveryCalculator.changesList(paymentsRepo(), changes, List.of(), List.of(),
                Fixtures.window("05-01", "06-01", Granularity.DAY), at("06-10"))).isEmpty();
    }

    @Test
    void deployTimeCountsOnceTheShippingDeploymentFinishedBeforeAsOf() {
        Window toApril3 = Fixtures.window("03-01", "04-03", Granularity.DAY);
        DeliveryMetrics m = DeliveryCalculator.delivery(paymentsRepo(), CHANGES, REVIEWS, DEPLOYMENTS, toApril3, NOW);
        // c4 (merged 04-01) is in now; c3 shipped 04-02T00:00 - 03-10T04:00 = 22 d 20 h
        assertThat(m.merged()).isEqualTo(4);
        assertThat(m.deployTime().count()).isEqualTo(2);
        assertThat(m.deployTime().p85()).isEqualTo(22 * DAY + 20 * HOUR);
        assertThat(m.slowestPhase()).isEqualTo("deploy");
    }

    @Test
    void noMergedChangeGivesNullShareAndPhase() {
        DeliveryMetrics m = DeliveryCalculator.delivery(paymentsRepo(), CHANGES, REVIEWS, DEPLOYMENTS,
                Fixtures.window("05-01", "06-01", Granularity.DAY), at("06-10"));
        assertThat(m.merged()).isZero();
        assertThat(m.unreviewedShare()).isNull();
        assertThat(m.slowestPhase()).isNull();
        assertThat(m.timeToMerge().count()).isZero();
    }

    @Test
    void allPhasesZeroIsCodingAndTimeToMergeIsNotClamped() {
        // ready = first commit, reviewed at ready, merged at the review: every phase 0; the first commit is dated
        // after the merge by the tools' clocks, so time to merge is negative (not clamped)
        List<ChangeFact> changes = List.of(
                change("z", "acme/payments", "alice", "03-02T00:00", "03-02T02:00", "03-02T02:00", "03-02T02:00", "s"),
                change("n", "acme/payments", "alice", "03-02T00:00", "03-02T05:00", null, "03-02T04:00", "t"));
        List<ReviewFact> reviews = List.of(review("rz", "z", "bob", "03-02T02:00"), review("rn", "n", "bob",
                "03-02T04:00"));
        DeliveryMetrics zero = DeliveryCalculator.delivery(paymentsRepo(), changes.subList(0, 1), reviews, List.of(),
                MARCH, NOW);
        assertThat(zero.slowestPhase()).isEqualTo("coding");
        assertThat(zero.timeToMerge().mean()).isZero();
        DeliveryMetrics m = DeliveryCalculator.delivery(paymentsRepo(), changes, reviews, List.of(), MARCH, NOW);
        assertThat(m.codingTime()).isEqualTo(stats(2, 0, 0, 0, 0)); // n: ready (created) before first commit: 0
        assertThat(m.pickupTime()).isEqualTo(stats(2, 2 * HOUR, 0, 4 * HOUR, 4 * HOUR));
        assertThat(m.timeToMerge()).isEqualTo(stats(2, -0.5 * HOUR, -1 * HOUR, 0, 0));
        assertThat(m.unreviewedShare()).isZero();
        assertThat(m.slowestPhase()).isEqualTo("pickup");
    }

    // Idea to production. Items: the standard stream's statuses; keys are the ids upper-cased (Fixtures.item).
    static final List<WorkItemFacts> ITEMS = List.of(
            item("pay-1", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-05", "Done"),
            item("pay-2", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-03", "Done"),
            item("pay-3", ItemType.FEATURE, "03-02", "To Do", "03-03", "In Progress"),
            item("pay-4", ItemType.FEATURE, "03-01", "To Do", "03-03", "Done"),
            item("pay-5", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-06", "Done"),
            item("pay-6", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-10", "Done"));
    // pay-1: two changes (one of another repository; key spelt " pay-1 "), shipped 03-06 and 03-08.
    // pay-2: its change never shipped. pay-3: shipped 03-05, not done. pay-5: shipped after asOf.
    // pay-6: shipped 03-02, before it was done (done to production clamped to 0).
    static final List<ChangeFact> LINKED = List.of(
            change("cA", "acme/payments", "a", "03-03", null, null, "03-04", "sA", " pay-1 "),
            change("cB", "acme/web", "a", "03-06", null, null, "03-07", "sB", "PAY-1", "Pay-1"),
            change("cC", "acme/payments", "a", "03-01", null, null, "03-02", "sC", "PAY-2"),
            change("cD", "acme/payments", "a", "03-03", null, null, "03-04", "sD", "PAY-3"),
            change("cE", "acme/payments", "a", "03-19", null, null, "03-20", "sE", "PAY-5"),
            change("cF", "acme/payments", "a", "02-28", null, null, "03-01", "sF", "PAY-6"),
            change("cG", "acme/payments", "a", "03-01", null, null, null, null, "PAY-4")); // never merged
    static final List<DeploymentFact> SHIPS = List.of(deploy("dA", "03-06", "sA"), deploy("dB", "03-08", "sB"),
            deploy("dD", "03-05", "sD"), deploy("dE", "04-05", "sE"), deploy("dF", "03-02", "sF"));

    static List<Timeline> timelines(List<WorkItemFacts> items) {
        StatusIndex index = StatusIndex.of(Fixtures.stream());
        return items.stream().map(i -> Timeline.of(i, index)).toList();
    }

    static ProductionFlow production(Window w) {
        return DeliveryCalculator.toProduction(paymentsRepo(), LINKED, SHIPS, timelines(ITEMS), w, NOW);
    }

    @Test
    void itemsDeliveredInTheWindowWithTheirTimesAndTheReleaseQueue() {
        ProductionFlow p = production(MARCH);
        // delivered: pay-1 at 03-08 (the later of its two changes), pay-3 at 03-05, pay-6 at 03-02
        assertThat(p.delivered()).isEqualTo(3);
        // idea to production: pay-1 7 d, pay-3 3 d, pay-6 1 d
        assertThat(p.ideaToProduction()).isEqualTo(stats(3, 11 * DAY / 3, 3 * DAY, 7 * DAY, 7 * DAY));
        // done to production (done at asOf): pay-1 03-08 - 03-05 = 3 d, pay-6 max(0, 03-02 - 03-10) = 0
        assertThat(p.doneToProduction()).isEqualTo(stats(2, 1.5 * DAY, 0, 3 * DAY, 3 * DAY));
        // release queue as of 04-01: pay-2 (never shipped), pay-5 (shipped 04-05)
        assertThat(p.releaseQueue()).isEqualTo(2);
    }

    @Test
    void anItemLinkedToSeveralChangesIsDeliveredOnlyWhileEveryMergedOneShipped() {
        // as of 03-07: only cA merged before, shipped 03-06: pay-1 delivered at 03-06
        ProductionFlow before = production(Fixtures.window("03-01", "03-07", Granularity.DAY));
        assertThat(before.delivered()).isEqualTo(3); // pay-1, pay-3, pay-6
        assertThat(before.ideaToProduction().p95()).isEqualTo(5 * DAY); // pay-1: 03-06 - 03-01
        assertThat(before.releaseQueue()).isEqualTo(1); // pay-2
        // as of 03-08: cB merged 03-07, ships at 03-08 (not before asOf): pay-1 not delivered, done: queued
        ProductionFlow between = production(Fixtures.window("03-01", "03-08", Granularity.DAY));
        assertThat(between.delivered()).isEqualTo(2); // pay-3, pay-6
        assertThat(between.releaseQueue()).isEqualTo(2); // pay-1, pay-2
    }

    @Test
    void workItemKnowsWhenItWasDeliveredAndItsChanges() {
        DeliveryIndex index = DeliveryIndex.of(paymentsRepo(), LINKED, List.of(), SHIPS);
        StatusIndex statuses = StatusIndex.of(Fixtures.stream());
        List<Timeline> tls = timelines(ITEMS);
        WorkItem pay1 = WorkItemViews.of(statuses, tls.get(0), NOW, index);
        assertThat(pay1.deliveredAt()).isEqualTo(at("03-08"));
        assertThat(pay1.changeIds()).containsExactly("cA", "cB");
        WorkItem pay2 = WorkItemViews.of(statuses, tls.get(1), NOW, index);
        assertThat(pay2.deliveredAt()).isNull();
        assertThat(pay2.changeIds()).containsExactly("cC");
        WorkItem pay4 = WorkItemViews.of(statuses, tls.get(3), NOW, index);
        assertThat(pay4.deliveredAt()).isNull();
        assertThat(pay4.changeIds()).isEmpty(); // cG never merged
        // as of 03-06T12:00 pay-1 was delivered at 03-06 (only cA merged); as of 03-07T12:00 not (cB merged)
        assertThat(WorkItemViews.of(statuses, tls.get(0), at("03-07T12:00"), index).deliveredAt()).isNull();
        assertThat(WorkItemViews.of(statuses, tls.get(0), at("03-06T12:00"), index).deliveredAt())
                .isEqualTo(at("03-06"));
    }
}
