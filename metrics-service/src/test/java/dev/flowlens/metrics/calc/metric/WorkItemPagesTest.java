package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * workItems paging (schema.graphql "workItems": newest first by createdAt, then id; cursor after the last item of a
 * page): the one-pass, bounded-heap page equals the straightforward rule, sort every item's view and cut, for random
 * streams, page sizes, and both with and without unfinishedOnly, walking every page through the cursors.
 */
class WorkItemPagesTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static final ValueStream STREAM = new ValueStream("vs-pages", "Pages", Scope.all(),
            List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                    new Stage("Review", List.of("In Review"), StageKind.WAITING)),
            List.of("Done"), null, List.of());

    static List<WorkItemFacts> items(Random random, int n) {
        List<WorkItemFacts> items = new ArrayList<>();
        String[] path = {"In Progress", "In Review", "Done"};
        for (int i = 0; i < n; i++) {
            // few distinct creation times, so the id decides often
            Instant created = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(3600L * random.nextInt(n / 3 + 1));
            List<Transition> ts = new ArrayList<>();
            String status = "To Do";
            Instant at = created;
            int steps = random.nextInt(4);
            for (int s = 0; s < steps; s++) {
                at = at.plusSeconds(3600 + random.nextInt(86_400));
                ts.add(new Transition("it-" + i + "-" + s, status, path[s], at));
                status = path[s];
            }
            items.add(new WorkItemFacts("it-" + String.format("%04d", random.nextInt(10_000)) + "-" + i, "K-" + i,
                    "Item " + i, ItemType.FEATURE, "PAY", "team", status, created, null, ts));
        }
        return items;
    }

    @Test
    void everyPageEqualsTheSortedViewsCutAtTheCursor() {
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            List<WorkItemFacts> items = items(random, 1 + random.nextInt(120));
            StatusIndex index = StatusIndex.of(STREAM);
            List<Timeline> timelines = items.stream().map(it -> Timeline.of(it, index)).toList();
            for (boolean unfinished : new boolean[] {false, true}) {
                List<WorkItem> expected = new ArrayList<>();
                for (Timeline tl : timelines) {
                    WorkItem v = WorkItemViews.of(index, tl, NOW);
                    if (!unfinished || v.flowEnd() == null) {
                        expected.add(v);
                    }
                }
                expected.sort(Comparator.comparing(WorkItem::createdAt).thenComparing(WorkItem::id)
                        .reversed());
                int first = 1 + random.nextInt(25);
                List<WorkItem> walked = new ArrayList<>();
                String after = null;
                int pages = 0;
                do {
                    WorkItemPage page = WorkItemPages.page(index, timelines, NOW, first, after, unfinished);
                    assertThat(page.total()).as("seed %d", seed).isEqualTo(expected.size());
                    assertThat(page.items().size()).isLessThanOrEqualTo(first);
                    walked.addAll(page.items());
                    after = page.nextCursor();
                    pages++;
                } while (after != null && pages < 1_000);
                assertThat(walked).as("seed %d, first %d, unfinishedOnly %s", seed, first, unfinished)
                        .isEqualTo(expected);
                assertThat(pages).isEqualTo(Math.max(1, (expected.size() + first - 1) / first));
            }
        }
    }
}
