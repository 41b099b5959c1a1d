package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.metric.DeliveryCalculator;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cache's delivery facts: reviews, changes and deployments applied in batches (a stale version first) give the
 * views the numbers of the calculators' list entry points on the final facts; a batch that changes only an item
 * keeps the prepared delivery index and prepares idea to production again.
 */
class DeliveryViewTest {
    static final Instant NOW = Fixtures.at("04-10");
    static final Window MARCH = Fixtures.window("03-01", "04-01", Granularity.WEEK);

    static ChangeFact change(String id, String author, String merged, String sha, String key) {
        return new ChangeFact(id, "acme/payments", Fixtures.at("03-02"), Fixtures.at("03-01"),
                merged == null ? null : Fixtures.at(merged), sha, author, null, List.of(key));
    }

    @Test
    void batchesGiveTheNumbersOfTheFinalFacts() {
        ValueStream stream = Fixtures.stream();
        WorkItemFacts item = Fixtures.item("pay-1", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress",
                "03-05", "Done");
        ChangeFact opened = change("c1", "alice", null, null, "PAY-1");
        ChangeFact merged = change("c1", "alice", "03-04", "s1", "PAY-1");
        ReviewFact stale = new ReviewFact("r1", "c1", "acme/payments", "bob", "commented", Fixtures.at("03-03T12:00"));
        ReviewFact review = new ReviewFact("r1", "c1", "acme/payments", "bob", "approved", Fixtures.at("03-03"));
        DeploymentFact deploy = new DeploymentFact("d1", "payments", "production", true, null, Fixtures.at("03-06"),
                List.of("s1"));

        ViewState state = new ViewState();
        state.apply(new FactBatch(List.of(item), List.of(), List.of(opened), List.of(), List.of(), List.of(stream),
                List.of(), List.of(stale)));
        StreamView first = state.publish().streams().get(stream.id());
        assertThat(DeliveryCalculator.delivery(first.deliveryFacts().delivery(), MARCH, NOW).merged()).isZero();

        state.apply(new FactBatch(List.of(), List.of(), List.of(merged), List.of(deploy), List.of(), List.of(),
                List.of(), List.of(review, review)));
        StreamView view = state.publish().streams().get(stream.id());
        List<Timeline> tls = List.of(Timeline.of(item, StatusIndex.of(stream)));
        assertThat(DeliveryCalculator.delivery(view.deliveryFacts().delivery(), MARCH, NOW))
                .isEqualTo(DeliveryCalculator.delivery(stream, List.of(merged), List.of(review), List.of(deploy), MARCH,
                        NOW));
        assertThat(DeliveryCalculator.toProduction(view.deliveryFacts().production(), MARCH, NOW))
                .isEqualTo(DeliveryCalculator.toProduction(stream, List.of(merged), List.of(deploy), tls, MARCH, NOW));
        // pickup: ready 03-02 (created) to bob's review 03-03 = 1 day (the stale version said 03-03T12:00)
        assertThat(DeliveryCalculator.delivery(view.deliveryFacts().delivery(), MARCH, NOW).pickupTime().p50())
                .isEqualTo(86_400.0);
        assertThat(DeliveryCalculator.toProduction(view.deliveryFacts().production(), MARCH, NOW).delivered())
                .isEqualTo(1);

        // only the item changes (it is reopened): the delivery index is the same object, idea to production is new
        WorkItemFacts reopened = Fixtures.item("pay-1", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress",
                "03-05", "Done", "03-20", "In Progress");
        state.apply(new FactBatch(List.of(reopened), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of()));
        StreamView later = state.publish().streams().get(stream.id());
        assertThat(later.deliveryFacts().delivery()).isSameAs(view.deliveryFacts().delivery());
        // delivered at 03-06 still, but no longer done at asOf: no done-to-production
        assertThat(DeliveryCalculator.toProduction(later.deliveryFacts().production(), MARCH, NOW).doneToProduction()
                .count()).isZero();
    }
}
