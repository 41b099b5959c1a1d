package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.DeliveryIndex;
import dev.flowlens.metrics.calc.index.ProductionIndex;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * EVENTS.md: every metric is the same whatever the order of arrival. Facts reach the rules as rows (one per id), in
 * any order, and the straightforward path may see a row twice: any permutation of a generated scenario's changes,
 * reviews, deployments and items, with repeats, gives identical delivery, changes list, idea to production and work
 * item answers.
 * Times sit on an hour grid so that ties are frequent.
 */
class DeliveryOrderPropertyTest {
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
    private static final String[] REVIEWERS = {"alice", "bob", "carol"};

    record Scenario(List<ChangeFact> changes, List<ReviewFact> reviews, List<DeploymentFact> deployments,
            List<WorkItemFacts> items) {
    }

    static Instant hour(Random r, int max) {
        return BASE.plusSeconds(3600L * r.nextInt(max));
    }

    static Scenario scenario(long seed, int n) {
        Random r = new Random(seed);
        List<ChangeFact> changes = new ArrayList<>();
        List<ReviewFact> reviews = new ArrayList<>();
        List<DeploymentFact> deployments = new ArrayList<>();
        List<WorkItemFacts> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant created = hour(r, 24 * 20);
            Instant merged = r.nextInt(5) == 0 ? null : created.plusSeconds(3600L * r.nextInt(72));
            Instant first = r.nextBoolean() ? created.minusSeconds(3600L * r.nextInt(30)) : null;
            Instant ready = r.nextBoolean() ? created.plusSeconds(3600L * r.nextInt(10)) : null;
            String author = r.nextInt(4) == 0 ? null : REVIEWERS[r.nextInt(REVIEWERS.length)];
            List<String> keys = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                String key = "PAY-" + r.nextInt(n);
                keys.add(r.nextBoolean() ? key : " " + key.toLowerCase() + " ");
            }
            String sha = "sha" + i;
            changes.add(new ChangeFact("c" + i, r.nextBoolean() ? "acme/payments" : "acme/web", created, first,
                    merged, merged == null ? null : sha, author, ready, keys));
            for (int k = r.nextInt(4); k > 0; k--) {
                reviews.add(new ReviewFact("c" + i + ":r" + k, "c" + i, "acme/payments",
                        REVIEWERS[r.nextInt(REVIEWERS.length)], "commented",
                        created.plusSeconds(3600L * r.nextInt(80))));
            }
            if (merged != null && r.nextInt(4) > 0) {
                // some shipped by a deployment finishing at the same hour as another
                deployments.add(new DeploymentFact("d" + i, "payments", r.nextInt(6) == 0 ? "staging" : "production",
                        true, null, merged.plusSeconds(3600L * r.nextInt(100)), List.of(sha, "sha" + r.nextInt(n))));
            }
            Instant itemCreated = hour(r, 24 * 15);
            List<Transition> ts = new ArrayList<>();
            if (r.nextBoolean()) {
                ts.add(new Transition("it" + i + "-1", "To Do", "In Progress", itemCreated.plusSeconds(3600)));
                if (r.nextBoolean()) {
                    ts.add(new Transition("it" + i + "-2", "In Progress", "Done",
                            itemCreated.plusSeconds(3600L * (2 + r.nextInt(200)))));
                }
            }
            String status = ts.isEmpty() ? "To Do" : ts.get(ts.size() - 1).toStatus();
            items.add(new WorkItemFacts("it" + i, "PAY-" + i, null, ItemType.FEATURE, "PAY", "team-a", status,
                    itemCreated, null, ts));
        }
        return new Scenario(changes, reviews, deployments, items);
    }

    static <T> List<T> shuffledWithRepeats(List<T> in, Random r) {
        List<T> out = new ArrayList<>(in);
        for (int k = r.nextInt(in.size() + 1); k > 0 && !in.isEmpty(); k--) {
            out.add(in.get(r.nextInt(in.size())));
        }
        Collections.shuffle(out, r);
        return out;
    }

    static List<Object> answers(Scenario s) {
        DeliveryIndex delivery = DeliveryIndex.of(DeliveryCalculatorTest.paymentsRepo(), s.changes(), s.reviews(),
                s.deployments());
        StatusIndex statuses = StatusIndex.of(Fixtures.stream());
        List<Timeline> tls = new ArrayList<>();
        for (WorkItemFacts i : s.items()) {
            tls.add(Timeline.of(i, statuses));
        }
        // an item's timeline once (the stream's timelines are unique by item)
        List<Timeline> unique = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Timeline tl : tls) {
            if (seen.add(tl.history().itemId())) {
                unique.add(tl);
            }
        }
        ProductionIndex production = ProductionIndex.of(delivery, unique);
        List<Object> out = new ArrayList<>();
        Instant now = BASE.plusSeconds(86_400L * 40);
        for (String[] w : new String[][] {{"03-01", "04-01"}, {"03-05", "03-12"}, {"03-10", "04-20"},
            {"02-01", "03-03"}}) {
            Window window = Fixtures.window(w[0], w[1], Granularity.WEEK);
            out.add(DeliveryCalculator.delivery(delivery, window, now));
            out.add(DeliveryCalculator.changesList(delivery, window, now));
            out.add(DeliveryCalculator.toProduction(production, window, now));
        }
        List<WorkItem> views = new ArrayList<>();
        for (Timeline tl : unique) {
            views.add(WorkItemViews.of(statuses, tl, BASE.plusSeconds(86_400L * 12), delivery));
        }
        views.sort(java.util.Comparator.comparing(WorkItem::id));
        out.add(views);
        return out;
    }

    @Property(tries = 60)
    void anyOrderAndRepeatsGiveTheSameNumbers(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) {
        Scenario s = scenario(seed, n);
        List<Object> expected = answers(s);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < 3; k++) {
            Scenario p = new Scenario(shuffledWithRepeats(s.changes(), r), shuffledWithRepeats(s.reviews(), r),
                    shuffledWithRepeats(s.deployments(), r), shuffledWithRepeats(s.items(), r));
            assertThat(answers(p)).isEqualTo(expected);
        }
    }
}
