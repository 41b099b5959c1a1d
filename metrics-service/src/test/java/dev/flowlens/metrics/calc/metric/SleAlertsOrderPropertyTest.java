package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.WindowIndex;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * docs/metrics-rules.md "Alerts are derived from the facts, so they are the same whatever the arrival order": any
 * permutation of a generated scenario's items and transitions, with duplicated transitions (same event id), gives the
 * same alerts, finished items, SLE attainment and sleBreached flags (scenarios of {@link OrderIndependencePropertyTest},
 * hour grid, so that simultaneous transitions are frequent); the index path gives the reference path's attainment.
 */
class SleAlertsOrderPropertyTest {
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

    @Property(tries = 200)
    void sameAnswersWhateverTheOrder(@ForAll long scenarioSeed, @ForAll long permutationSeed,
            @ForAll @IntRange(min = 0, max = 25) int itemCount, @ForAll @IntRange(min = 0, max = 3) int limit,
            @ForAll @IntRange(min = 1, max = 96) int sleHours) {
        ValueStream vs = SleAndAlertsTest.stream(sleHours / 24.0, limit);
        Window window = new Window(BASE.plusSeconds(86_400L * 3), BASE.plusSeconds(86_400L * 24 + 3600),
                Granularity.WEEK);
        Instant now = BASE.plusSeconds(86_400L * 20 + 7);
        List<WorkItemFacts> original = OrderIndependencePropertyTest.scenario(scenarioSeed, itemCount);
        List<WorkItemFacts> shuffled = OrderIndependencePropertyTest.permutedWithDuplicates(original, permutationSeed);

        assertThat(AlertCalculator.alerts(vs, shuffled, window, now))
                .isEqualTo(AlertCalculator.alerts(vs, original, window, now));
        assertThat(FinishedItems.finishedItems(vs, shuffled, window, now))
                .isEqualTo(FinishedItems.finishedItems(vs, original, window, now));
        assertThat(AgingCalculator.agingWip(vs, shuffled, now)).isEqualTo(AgingCalculator.agingWip(vs, original, now));
        var flow = FlowCalculator.flow(vs, original, window, now);
        assertThat(FlowCalculator.flow(vs, shuffled, window, now).sleAttainment()).isEqualTo(flow.sleAttainment());
        StatusIndex index = StatusIndex.of(vs);
        var timelines = FlowCalculator.timelines(index, shuffled);
        assertThat(FlowCalculator.flow(index, WindowIndex.of(index, timelines), window, now).sleAttainment())
                .isEqualTo(flow.sleAttainment());
        // finishedItems are exactly the items counted in flow time
        assertThat(FinishedItems.finishedItems(vs, original, window, now)).hasSize(flow.flowTime().count());
    }
}
