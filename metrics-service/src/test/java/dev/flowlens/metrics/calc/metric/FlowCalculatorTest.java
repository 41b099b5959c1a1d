package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.DAY;
import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static dev.flowlens.metrics.calc.Fixtures.stream;
import static dev.flowlens.metrics.calc.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.SeriesPoint;
import dev.flowlens.internalapi.metrics.TypeCount;
import dev.flowlens.internalapi.metrics.TypeShare;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.Durations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Scenario used by most tests (window [Mon 03-02, Mon 03-16) WEEK, now 04-01, so asOf = 03-16):
 * A1 FEATURE created 03-01 To Do; 03-02 Ready; 03-03 In Progress; 03-05 Done. flow 3d, lead 4d, active 2d.
 * A2 DEFECT created 03-02T12:00 inside Build (In Progress); 03-03T12:00 Done. flow 1d, lead 1d, active 1d.
 * A3 FEATURE created 03-01 To Do; 03-10 Done (NEW straight to DONE): velocity and distribution only.
 * A4 RISK created 03-01 To Do; 03-09 In Progress: unfinished, in load at 03-16 but not at 03-09 (strict).
 * A5 DEBT created 02-20 To Do; 02-21 In Progress; 02-25 Done; 03-11 In Progress (reopen); 03-12 Done.
 *    flow end 03-12 (last entry into DONE), start 02-21: flow 19d, lead 20d, active 4d + 1d = 5d.
 */
class FlowCalculatorTest {
    static List<WorkItemFacts> scenario() {
        return List.of(
                item("a1", ItemType.FEATURE, "03-01", "To Do", "03-02", "Ready", "03-03", "In Progress", "03-05",
                        "Done"),
                item("a2", ItemType.DEFECT, "03-02T12:00", "In Progress", "03-03T12:00", "Done"),
                item("a3", ItemType.FEATURE, "03-01", "To Do", "03-10", "Done"),
                item("a4", ItemType.RISK, "03-01", "To Do", "03-09", "In Progress"),
                item("a5", ItemType.DEBT, "02-20", "To Do", "02-21", "In Progress", "02-25", "Done", "03-11",
                        "In Progress", "03-12", "Done"));
    }

    static final Window WINDOW = window("03-02", "03-16", Granularity.WEEK);
    static final java.time.Instant NOW = at("04-01");

    @Test
    @DisplayName("Flow velocity/time/lead/efficiency (METRICS.md Flow metrics): 4 done, flow [1d,3d,19d], eff 8d/23d")
    void handComputedScenario() {
        FlowMetrics m = FlowCalculator.flow(stream(), scenario(), WINDOW, NOW);
        assertThat(m.velocity()).isEqualTo(4);
        assertThat(m.velocityByType()).containsExactly(new TypeCount(ItemType.FEATURE, 2),
                new TypeCount(ItemType.DEFECT, 1), new TypeCount(ItemType.RISK, 0), new TypeCount(ItemType.DEBT, 1));
        // Flow time: sorted [1d, 3d, 19d]; mean 23d/3; p50 = x_ceil(1.5)=x2 = 3d; p85 = x_ceil(2.55)=x3 = 19d.
        assertThat(m.flowTime()).isEqualTo(new DurationStats(3, 23 * DAY / 3, 3 * DAY, 19 * DAY, 19 * DAY));
        // Lead time: [1d, 4d, 20d]; mean 25d/3.
        assertThat(m.leadTime()).isEqualTo(new DurationStats(3, 25 * DAY / 3, 4 * DAY, 20 * DAY, 20 * DAY));
        // Efficiency = (2d + 1d + 5d) / (3d + 1d + 19d) = 8/23; A3 has no flow start and is left out.
        assertThat(m.flowEfficiency()).isCloseTo(8.0 / 23, within(1e-12));
        assertThat(m.distribution()).containsExactly(new TypeShare(ItemType.FEATURE, 0.5),
                new TypeShare(ItemType.DEFECT, 0.25), new TypeShare(ItemType.RISK, 0.0),
                new TypeShare(ItemType.DEBT, 0.25));
    }

    @Test
    @DisplayName("Velocity series per WEEK bucket: [03-02,03-09) has A1,A2 = 2; [03-09,03-16) has A3,A5 = 2")
    void velocitySeries() {
        FlowMetrics m = FlowCalculator.flow(stream(), scenario(), WINDOW, NOW);
        assertThat(m.velocitySeries()).containsExactly(new SeriesPoint(at("03-02"), at("03-09"), 2),
                new SeriesPoint(at("03-09"), at("03-16"), 2));
    }

    @Test
    @DisplayName("Flow load at each bucket's end, strict < t: A4 moved at exactly 03-09 so load(03-09)=0, load(03-16)=1")
    void loadStrictAtBucketEnd() {
        FlowMetrics m = FlowCalculator.flow(stream(), scenario(), WINDOW, NOW);
        assertThat(m.load()).isEqualTo(1);
        assertThat(m.loadByType()).containsExactly(new TypeCount(ItemType.FEATURE, 0),
                new TypeCount(ItemType.DEFECT, 0), new TypeCount(ItemType.RISK, 1), new TypeCount(ItemType.DEBT, 0));
        assertThat(m.loadSeries()).extracting(SeriesPoint::value).containsExactly(0.0, 1.0);
        assertThat(m.loadDistribution()).extracting(TypeShare::share).containsExactly(0.0, 0.0, 1.0, 0.0);
    }

    @Test
    @DisplayName("Window in the future: asOf = now (03-10T12:00); A5 is Done since 02-25 as of then; future buckets use asOf")
    void futureWindowUsesNow() {
        FlowMetrics m = FlowCalculator.flow(stream(), scenario(), window("03-02", "03-30", Granularity.WEEK),
                at("03-10T12:00"));
        // A1 (03-05), A2 (03-03), A3 (03-10 < asOf); A5's reopen at 03-11 is in the future: flow end 02-25 -> out.
        assertThat(m.velocity()).isEqualTo(3);
        assertThat(m.velocitySeries()).extracting(SeriesPoint::value).containsExactly(2.0, 1.0, 0.0, 0.0);
        // Load at 03-09 = 0; the three buckets ending after asOf report the load at asOf = 1 (A4).
        assertThat(m.loadSeries()).extracting(SeriesPoint::value).containsExactly(0.0, 1.0, 1.0, 1.0);
        assertThat(m.load()).isEqualTo(1);
    }

    @Test
    @DisplayName("Buckets cut by the window: WEEK from a Wednesday noon to a Friday 06:00")
    void weekBucketsCutByWindow() {
        List<Window.Bucket> b = window("03-04T12:00", "03-20T06:00", Granularity.WEEK).buckets();
        assertThat(b).containsExactly(new Window.Bucket(at("03-04T12:00"), at("03-09")),
                new Window.Bucket(at("03-09"), at("03-16")), new Window.Bucket(at("03-16"), at("03-20T06:00")));
    }

    @Test
    @DisplayName("Buckets: MONTH are UTC calendar months, DAY are UTC days, both cut by the window")
    void monthAndDayBuckets() {
        assertThat(window("01-15", "03-10", Granularity.MONTH).buckets()).containsExactly(
                new Window.Bucket(at("01-15"), at("02-01")), new Window.Bucket(at("02-01"), at("03-01")),
                new Window.Bucket(at("03-01"), at("03-10")));
        assertThat(window("03-01T18:00", "03-03T06:00", Granularity.DAY).buckets()).containsExactly(
                new Window.Bucket(at("03-01T18:00"), at("03-02")), new Window.Bucket(at("03-02"), at("03-03")),
                new Window.Bucket(at("03-03"), at("03-03T06:00")));
        // A window starting exactly on a Monday starts a whole week.
        assertThat(window("03-09", "03-23", Granularity.WEEK).buckets()).hasSize(2);
    }

    @Test
    @DisplayName("Velocity is counted in the bucket of the flow end, in a cut bucket too: A3 (03-10) in [03-04T12,03-09)? no, in [03-09,03-16)")
    void velocityInCutBuckets() {
        FlowMetrics m = FlowCalculator.flow(stream(), scenario(), window("03-04T12:00", "03-12T06:00",
                Granularity.WEEK), NOW);
        // A1 03-05 -> bucket 1; A2 03-03T12 is before the window; A3 03-10 -> bucket 2; A5 03-12 00:00 -> bucket 2.
        assertThat(m.velocitySeries()).containsExactly(new SeriesPoint(at("03-04T12:00"), at("03-09"), 1),
                new SeriesPoint(at("03-09"), at("03-12T06:00"), 2));
    }

    @Test
    @DisplayName("Empty stream: counts 0, stats count 0 with null mean/percentiles, efficiency null, shares 0")
    void emptyStream() {
        FlowMetrics m = FlowCalculator.flow(stream(), List.of(), WINDOW, NOW);
        assertThat(m.velocity()).isZero();
        assertThat(m.velocityByType()).hasSize(4).allMatch(tc -> tc.count() == 0);
        assertThat(m.flowTime()).isEqualTo(new DurationStats(0, null, null, null, null));
        assertThat(m.leadTime()).isEqualTo(Durations.EMPTY);
        assertThat(m.flowEfficiency()).isNull();
        assertThat(m.load()).isZero();
        assertThat(m.distribution()).hasSize(4).allMatch(ts -> ts.share() == 0.0);
        assertThat(m.loadDistribution()).hasSize(4).allMatch(ts -> ts.share() == 0.0);
        assertThat(m.velocitySeries()).hasSize(2).allMatch(p -> p.value() == 0.0);
    }

    @Test
    @DisplayName("Only NEW->DONE items: velocity 1 and distribution, but flow/lead stats empty and efficiency null")
    void onlySkippedItems() {
        FlowMetrics m = FlowCalculator.flow(stream(), List.of(item("s", ItemType.RISK, "03-01", "To Do", "03-04",
                "Closed")), WINDOW, NOW);
        assertThat(m.velocity()).isEqualTo(1);
        assertThat(m.distribution()).extracting(TypeShare::share).containsExactly(0.0, 0.0, 1.0, 0.0);
        assertThat(m.flowTime().count()).isZero();
        assertThat(m.leadTime().count()).isZero();
        assertThat(m.flowEfficiency()).isNull();
    }

    @Test
    @DisplayName("A status in no stage after flow start is NEW: wait time, and not in load ('Blocked')")
    void statusInNoStage() {
        // 03-03 In Progress, 03-04 Blocked (no stage), 03-05 In Progress, 03-06 Done: flow 3d, active 2d.
        WorkItemFacts b = item("b", ItemType.FEATURE, "03-01", "To Do", "03-03", "In Progress", "03-04", "Blocked",
                "03-05", "In Progress", "03-06", "Done");
        FlowMetrics m = FlowCalculator.flow(stream(), List.of(b), WINDOW, NOW);
        assertThat(m.flowTime().mean()).isEqualTo(3 * DAY);
        assertThat(m.flowEfficiency()).isCloseTo(2.0 / 3, within(1e-12));
        FlowMetrics blocked = FlowCalculator.flow(stream(), List.of(b), window("03-02", "03-04T12:00",
                Granularity.DAY), NOW);
        assertThat(blocked.load()).isZero();
        assertThat(blocked.loadSeries()).extracting(SeriesPoint::value).containsExactly(0.0, 1.0, 0.0);
    }

    @Test
    @DisplayName("Scope: items of other projects, teams or item types are not in the stream")
    void scopeFilter() {
        ValueStream s = stream();
        ValueStream defectsOnly = new ValueStream(s.id(), s.name(), new Scope(List.of(" pay "), List.of(),
                List.of(ItemType.DEFECT), List.of(), List.of()), s.stages(), s.doneStatuses(), null, null);
        FlowMetrics m = FlowCalculator.flow(defectsOnly, scenario(), WINDOW, NOW);
        assertThat(m.velocity()).isEqualTo(1);
        ValueStream otherTeam = new ValueStream(s.id(), s.name(), new Scope(List.of(), List.of("team-b"), List.of(),
                List.of(), List.of()), s.stages(), s.doneStatuses(), null, null);
        assertThat(FlowCalculator.flow(otherTeam, scenario(), WINDOW, NOW).velocity()).isZero();
    }

    @Test
    @DisplayName("Shuffled item and transition order gives the same FlowMetrics")
    void shuffledInput() {
        FlowMetrics expected = FlowCalculator.flow(stream(), scenario(), WINDOW, NOW);
        Random r = new Random(7);
        for (int k = 0; k < 20; k++) {
            List<WorkItemFacts> items = new ArrayList<>();
            for (WorkItemFacts it : scenario()) {
                List<Transition> ts = new ArrayList<>(it.transitions());
                Collections.shuffle(ts, r);
                items.add(Fixtures.withTransitions(it, ts));
            }
            Collections.shuffle(items, r);
            assertThat(FlowCalculator.flow(stream(), items, WINDOW, NOW)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("Window validation: to must be after from")
    void windowValidation() {
        assertThatThrownBy(() -> FlowCalculator.flow(stream(), List.of(), window("03-02", "03-02", Granularity.DAY),
                NOW)).isInstanceOf(IllegalArgumentException.class).hasMessage("window.to must be after window.from");
        assertThatThrownBy(() -> new Window(null, at("03-02"), null).validate())
                .hasMessage("window.from must be given");
        assertThat(new Window(at("03-02"), at("03-03"), null).validate().granularity()).isEqualTo(Granularity.WEEK);
    }
}
