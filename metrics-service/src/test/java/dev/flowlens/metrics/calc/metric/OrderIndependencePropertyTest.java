package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * EVENTS.md "every metric computed from them must be the same whatever the order of arrival" and METRICS.md
 * "Transitions apply in order of at (ties: by event id)": any permutation of a generated scenario's transitions
 * and items, with any duplicates of transitions (same event id), gives identical FlowMetrics, stage metrics and CFD.
 */
class OrderIndependencePropertyTest {
    private static final String[] STATUSES = {"To Do", "Ready", "In Progress", "Coding", "In Review", "Testing",
        "Blocked", "Done", "Closed", "in progress "};
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

    /** Items with random paths; times on a coarse grid (hours) so that ties at one instant are frequent. */
    static List<WorkItemFacts> scenario(long seed, int itemCount) {
        Random r = new Random(seed);
        List<WorkItemFacts> items = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            Instant created = BASE.plusSeconds(3600L * r.nextInt(24 * 20));
            int n = r.nextInt(8);
            List<Transition> ts = new ArrayList<>();
            String status = STATUSES[r.nextInt(STATUSES.length)];
            for (int k = 0; k < n; k++) {
                String to = STATUSES[r.nextInt(STATUSES.length)];
                // Some transitions dated before createdAt, many at equal instants.
                Instant at = created.plusSeconds(3600L * (r.nextInt(24 * 15) - 24));
                ts.add(new Transition("it" + i + "-e" + r.nextInt(1000), status, to, at));
                status = to;
            }
            ItemType type = ItemType.values()[r.nextInt(4)];
            items.add(new WorkItemFacts("it" + i, "K-" + i, null, type, "PAY", "team-a", status, created, null, ts));
        }
        return items;
    }

    static List<WorkItemFacts> permutedWithDuplicates(List<WorkItemFacts> items, long seed) {
        Random r = new Random(seed);
        List<WorkItemFacts> out = new ArrayList<>();
        for (WorkItemFacts it : items) {
            List<Transition> ts = new ArrayList<>(it.transitions());
            int dups = ts.isEmpty() ? 0 : r.nextInt(4);
            for (int d = 0; d < dups; d++) {
                ts.add(ts.get(r.nextInt(ts.size())));
            }
            Collections.shuffle(ts, r);
            out.add(Fixtures.withTransitions(it, ts));
        }
        Collections.shuffle(out, r);
        return out;
    }

    @Property(tries = 200)
    void metricsDoNotDependOnOrderOrDuplicates(@ForAll long scenarioSeed, @ForAll long permutationSeed,
            @ForAll @IntRange(min = 0, max = 25) int itemCount, @ForAll @IntRange(min = 0, max = 2) int g) {
        ValueStream vs = Fixtures.stream();
        Window window = new Window(BASE.plusSeconds(86_400L * 3), BASE.plusSeconds(86_400L * 24 + 3600),
                Granularity.values()[g]);
        Instant now = BASE.plusSeconds(86_400L * 20 + 7);
        List<WorkItemFacts> original = scenario(scenarioSeed, itemCount);
        List<WorkItemFacts> shuffled = permutedWithDuplicates(original, permutationSeed);

        assertThat(FlowCalculator.flow(vs, shuffled, window, now))
                .isEqualTo(FlowCalculator.flow(vs, original, window, now));
        assertThat(StageCalculator.stages(vs, shuffled, window, now))
                .isEqualTo(StageCalculator.stages(vs, original, window, now));
        assertThat(StageCalculator.cumulativeFlow(vs, shuffled, window, now))
                .isEqualTo(StageCalculator.cumulativeFlow(vs, original, window, now));
        assertThat(AgingCalculator.agingWip(vs, shuffled, now)).isEqualTo(AgingCalculator.agingWip(vs, original, now));
    }
}
