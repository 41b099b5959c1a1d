package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.DAY;
import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static dev.flowlens.metrics.calc.Fixtures.stream;
import static dev.flowlens.metrics.calc.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.StageCount;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.Durations;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S1: created 03-01 To Do; 03-02 Ready; 03-03 In Progress; 03-05 In Review; 03-06 Done -> Ready 1d, Build 2d,
 *     Review 1d; flow 4d.
 * S2: created 03-01 To Do; 03-02 In Progress; 03-04 In Review; 03-06 In Progress; 03-07 Done -> Build 2d + 1d,
 *     Review 2d; flow 5d.
 */
class StageCalculatorTest {
    static final WorkItemFacts S1 = item("s1", ItemType.FEATURE, "03-01", "To Do", "03-02", "Ready", "03-03",
            "In Progress", "03-05", "In Review", "03-06", "Done");
    static final WorkItemFacts S2 = item("s2", ItemType.DEFECT, "03-01", "To Do", "03-02", "In Progress", "03-04",
            "In Review", "03-06", "In Progress", "03-07", "Done");
    static final Window WINDOW = window("03-02", "03-16", Granularity.WEEK);
    static final java.time.Instant NOW = at("04-01");

    @Test
    @DisplayName("Time in stage and share (METRICS.md Stages): total flow 9d; Ready 1d=1/9, Build 5d=5/9, Review 3d=3/9")
    void timeAndShare() {
        List<StageMetrics> m = StageCalculator.stages(stream(), List.of(S1, S2), WINDOW, NOW);
        assertThat(m).extracting(StageMetrics::stage).containsExactly("Ready", "Build", "Review", "Test");
        StageMetrics ready = m.get(0);
        StageMetrics build = m.get(1);
        StageMetrics review = m.get(2);
        StageMetrics test = m.get(3);
        assertThat(ready.itemsVisited()).isEqualTo(1);
        assertThat(ready.totalSeconds()).isEqualTo(DAY);
        assertThat(ready.share()).isCloseTo(1.0 / 9, within(1e-12));
        assertThat(build.itemsVisited()).isEqualTo(2);
        assertThat(build.totalSeconds()).isEqualTo(5 * DAY);
        assertThat(build.share()).isCloseTo(5.0 / 9, within(1e-12));
        // Build times [2d, 3d]: mean 2.5d, p50 = x_ceil(1) = 2d, p85 = x_ceil(1.7) = 3d.
        assertThat(build.time()).isEqualTo(new DurationStats(2, 2.5 * DAY, 2 * DAY, 3 * DAY, 3 * DAY));
        assertThat(review.totalSeconds()).isEqualTo(3 * DAY);
        assertThat(review.share()).isCloseTo(3.0 / 9, within(1e-12));
        assertThat(test.itemsVisited()).isZero();
        assertThat(test.share()).isZero();
        assertThat(test.time()).isEqualTo(Durations.EMPTY);
        assertThat(m).extracting(StageMetrics::isBottleneck).containsExactly(false, true, false, false);
        assertThat(StageCalculator.bottleneck(stream(), List.of(S1, S2), WINDOW, NOW).stage()).isEqualTo("Build");
    }

    @Test
    @DisplayName("Bottleneck tie: Ready 2d and Build 2d both share 0.5 -> the earlier stage (Ready)")
    void bottleneckTie() {
        WorkItemFacts s3 = item("s3", ItemType.FEATURE, "03-01", "To Do", "03-02", "Ready", "03-04", "In Progress",
                "03-06", "Done");
        List<StageMetrics> m = StageCalculator.stages(stream(), List.of(s3), WINDOW, NOW);
        assertThat(m.get(0).share()).isEqualTo(0.5);
        assertThat(m.get(1).share()).isEqualTo(0.5);
        assertThat(m).extracting(StageMetrics::isBottleneck).containsExactly(true, false, false, false);
    }

    @Test
    @DisplayName("No item finished in the window (or only NEW->DONE ones): no bottleneck, all shares 0")
    void noBottleneck() {
        WorkItemFacts skip = item("k", ItemType.FEATURE, "03-01", "To Do", "03-03", "Done");
        WorkItemFacts open = item("o", ItemType.FEATURE, "03-01", "To Do", "03-03", "In Progress");
        List<StageMetrics> m = StageCalculator.stages(stream(), List.of(skip, open), WINDOW, NOW);
        assertThat(m).noneMatch(StageMetrics::isBottleneck);
        assertThat(m).allMatch(s -> s.share() == 0.0);
        assertThat(StageCalculator.bottleneck(stream(), List.of(), WINDOW, NOW)).isNull();
        assertThat(StageCalculator.stages(stream(), List.of(), WINDOW, NOW))
                .allMatch(s -> s.wip() == 0 && s.averageWipAgeSeconds() == null && s.time().count() == 0);
    }

    @Test
    @DisplayName("WIP and average WIP age at the window's end (03-16): age from entry into the CURRENT visit")
    void wipAge() {
        // W1 in Review since 03-10 -> 6d. W2 visited Review 03-12..13, back since 03-14T12:00 -> 1.5d.
        // W3 Coding 03-14 then In Progress 03-15: same stage Build, one visit since 03-14 -> 2d.
        WorkItemFacts w1 = item("w1", ItemType.FEATURE, "03-01", "To Do", "03-08", "In Progress", "03-10",
                "In Review");
        WorkItemFacts w2 = item("w2", ItemType.FEATURE, "03-01", "To Do", "03-12", "In Review", "03-13",
                "In Progress", "03-14T12:00", "In Review");
        WorkItemFacts w3 = item("w3", ItemType.FEATURE, "03-01", "To Do", "03-14", "Coding", "03-15", "In Progress");
        List<StageMetrics> m = StageCalculator.stages(stream(), List.of(w1, w2, w3), WINDOW, NOW);
        assertThat(m.get(2).wip()).isEqualTo(2);
        assertThat(m.get(2).averageWipAgeSeconds()).isEqualTo(3.75 * DAY);
        assertThat(m.get(1).wip()).isEqualTo(1);
        assertThat(m.get(1).averageWipAgeSeconds()).isEqualTo(2 * DAY);
        assertThat(m.get(0).averageWipAgeSeconds()).isNull();
    }

    @Test
    @DisplayName("Cumulative flow per UTC day at the day's end (strict): S1/S2 over 03-02..03-08")
    void cumulativeFlow() {
        List<CfdDay> cfd = StageCalculator.cumulativeFlow(stream(), List.of(S1, S2),
                window("03-02", "03-08", Granularity.WEEK), NOW);
        assertThat(cfd).extracting(CfdDay::day).containsExactly(at("03-02"), at("03-03"), at("03-04"), at("03-05"),
                at("03-06"), at("03-07"));
        // counts per day as [Ready, Build, Review, Test | done], hand-computed at 03-03, 03-04, ... 03-08 00:00:
        int[][] expected = {{1, 1, 0, 0, 0}, {0, 2, 0, 0, 0}, {0, 1, 1, 0, 0}, {0, 0, 2, 0, 0}, {0, 1, 0, 0, 1},
            {0, 0, 0, 0, 2}};
        for (int d = 0; d < expected.length; d++) {
            CfdDay day = cfd.get(d);
            assertThat(day.stages()).extracting(StageCount::count).as("day %d", d)
                    .containsExactly(expected[d][0], expected[d][1], expected[d][2], expected[d][3]);
            assertThat(day.done()).as("done day %d", d).isEqualTo(expected[d][4]);
        }
    }

    @Test
    @DisplayName("Cumulative flow: a day cut by the window is counted at the window's end; future days at asOf")
    void cumulativeFlowCutAndFuture() {
        List<CfdDay> cut = StageCalculator.cumulativeFlow(stream(), List.of(S1, S2),
                window("03-02T12:00", "03-03T12:00", Granularity.DAY), NOW);
        assertThat(cut).extracting(CfdDay::day).containsExactly(at("03-02"), at("03-03"));
        assertThat(cut.get(1).stages()).extracting(StageCount::count).containsExactly(0, 2, 0, 0);
        // now = 03-03T12:00: days 03-04.. are after now and repeat the state at now.
        List<CfdDay> future = StageCalculator.cumulativeFlow(stream(), List.of(S1, S2),
                window("03-02", "03-06", Granularity.DAY), at("03-03T12:00"));
        assertThat(future.get(1).stages()).extracting(StageCount::count).containsExactly(0, 2, 0, 0);
        assertThat(future.get(3).stages()).extracting(StageCount::count).containsExactly(0, 2, 0, 0);
    }
}
