package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.DAY;
import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertKind;
import dev.flowlens.internalapi.metrics.FinishedItem;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Sle;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.WindowIndex;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics-rules.md "Service level expectation, WIP limits, drill-down, alerts", on hand-computed scenarios over
 * the standard stream (Fixtures: Ready WAITING, Build ACTIVE "In Progress"/"Coding", Review WAITING, Test ACTIVE;
 * done Done, Closed).
 */
class SleAndAlertsTest {

    /** The standard stream with an SLE (null: none) and a WIP limit on Build (null: none). */
    static ValueStream stream(Double sleDays, Integer buildLimit) {
        ValueStream s = Fixtures.stream();
        List<Stage> stages = new ArrayList<>(s.stages());
        Stage build = stages.get(1);
        stages.set(1, new Stage(build.name(), build.statuses(), build.kind(), buildLimit));
        return new ValueStream(s.id(), s.name(), s.scope(), stages, s.doneStatuses(), s.productionEnvironments(),
                s.visibleToGroups(), s.incidentAttribution(), sleDays == null ? null : new Sle(sleDays, 85));
    }

    static final Window MARCH = Fixtures.window("03-01", "03-10", Granularity.WEEK);
    static final Instant NOW = at("03-08");

    // SLE 2 days. p: flow 03-02 -> 03-04, exactly 2 days: within, and no alert (it entered DONE at b itself).
    static final WorkItemFacts P = item("p", ItemType.FEATURE, "03-01", "To Do", "03-02T00:00", "In Progress",
            "03-04T00:00", "Done");
    // q: 03-02 -> 03-05, 3 days: not within; SLE_BREACH since b = 03-04 until 03-05.
    static final WorkItemFacts Q = item("q", ItemType.DEFECT, "03-01", "To Do", "03-02T00:00", "In Progress",
            "03-05T00:00", "Done");
    // r, reopened: done 03-03, reopened 03-03T12:00, done 03-06. Flow end 03-06, flow start 03-02: 4 days, active
    // 1 day + 2.5 days. In progress at b = 03-04: SLE_BREACH since 03-04 until 03-06.
    static final WorkItemFacts R = item("r", ItemType.FEATURE, "03-01", "To Do", "03-02T00:00", "In Progress",
            "03-03T00:00", "Done", "03-03T12:00", "In Progress", "03-06T00:00", "Done");
    // s, reopened after its b: done 03-03 (before b = 03-04), reopened 03-05 and still in progress. DONE at b: no
    // alert, as written; its age as of 03-08 (from the first flow start, 03-02) is 6 days: sleBreached.
    static final WorkItemFacts S = item("s", ItemType.RISK, "03-01", "To Do", "03-02T00:00", "In Progress",
            "03-03T00:00", "Done", "03-05T00:00", "In Progress");
    // t: in review since 03-05, b = 03-07: open SLE_BREACH as of 03-08; not yet one as of 03-06.
    static final WorkItemFacts T = item("t", ItemType.DEBT, "03-01", "To Do", "03-05T00:00", "In Review");
    // u: NEW straight to DONE: velocity only, never in finishedItems or the attainment.
    static final WorkItemFacts U = item("u", ItemType.FEATURE, "03-01", "To Do", "03-03T00:00", "Done");
    // v: ready since 03-07: age 1 day as of 03-08, not breached.
    static final WorkItemFacts V = item("v", ItemType.FEATURE, "03-01", "To Do", "03-07T00:00", "Ready");
    static final List<WorkItemFacts> SLE_ITEMS = List.of(P, Q, R, S, T, U, V);

    @Test
    @DisplayName("sleAttainment = within / finished with a flow start: p (2d, exactly the SLE: within), q (3d), r "
            + "(4d, reopened) -> 1/3; u (NEW -> DONE) is velocity only; null without an SLE")
    void sleAttainment() {
        var flow = FlowCalculator.flow(stream(2.0, null), SLE_ITEMS, MARCH, NOW);
        assertThat(flow.velocity()).isEqualTo(4);
        assertThat(flow.sleAttainment()).isEqualTo(1.0 / 3);
        assertThat(FlowCalculator.flow(stream(null, null), SLE_ITEMS, MARCH, NOW).sleAttainment()).isNull();
        // no item finished with a flow start in the window: null
        assertThat(FlowCalculator.flow(stream(2.0, null), List.of(S, T, U), MARCH, NOW).sleAttainment()).isNull();
        // the index path gives the same
        ValueStream vs = stream(2.0, null);
        StatusIndex index = StatusIndex.of(vs);
        var timelines = FlowCalculator.timelines(index, SLE_ITEMS);
        assertThat(FlowCalculator.flow(index, WindowIndex.of(index, timelines), MARCH, NOW)).isEqualTo(flow);
    }

    @Test
    @DisplayName("finishedItems: p, q, r by flowEnd with flow and active seconds; withinSle null without an SLE")
    void finishedItems() {
        assertThat(FinishedItems.finishedItems(stream(2.0, null), SLE_ITEMS, MARCH, NOW)).containsExactly(
                new FinishedItem("p", "P", ItemType.FEATURE, at("03-04T00:00"), 2 * DAY, 2 * DAY, true),
                new FinishedItem("q", "Q", ItemType.DEFECT, at("03-05T00:00"), 3 * DAY, 3 * DAY, false),
                new FinishedItem("r", "R", ItemType.FEATURE, at("03-06T00:00"), 4 * DAY, 3.5 * DAY, false));
        assertThat(FinishedItems.finishedItems(stream(null, null), SLE_ITEMS, MARCH, NOW))
                .extracting(FinishedItem::withinSle).containsExactly(null, null, null);
        // as of 03-05T12:00 r is done (since 03-03) but reopened before asOf: unfinished; the window's end cuts too
        assertThat(FinishedItems.finishedItems(stream(2.0, null), SLE_ITEMS, MARCH, at("03-05T12:00")))
                .extracting(FinishedItem::itemId).containsExactly("p", "q");
        // ties on flowEnd by itemId
        WorkItemFacts q2 = item("a-q", ItemType.FEATURE, "03-01", "To Do", "03-02T00:00", "Coding", "03-05T00:00",
                "Closed");
        assertThat(FinishedItems.finishedItems(stream(2.0, null), List.of(Q, q2, P), MARCH, NOW))
                .extracting(FinishedItem::itemId).containsExactly("p", "a-q", "q");
    }

    @Test
    @DisplayName("AgingItem.sleBreached = age > SLE days: s (6d, reopened), t (3d) breached, v (1d) not; false "
            + "without an SLE")
    void agingSleBreached() {
        List<AgingItem> aging = AgingCalculator.agingWip(stream(2.0, null), SLE_ITEMS, NOW);
        assertThat(aging).extracting(AgingItem::itemId).containsExactly("s", "t", "v");
        assertThat(aging).extracting(AgingItem::sleBreached).containsExactly(true, true, false);
        // exactly at the SLE is not breached (strict >): t's age is 2 days as of 03-07
        assertThat(AgingCalculator.agingWip(stream(2.0, null), List.of(T), at("03-07"))).extracting(
                AgingItem::sleBreached).containsExactly(false);
        assertThat(AgingCalculator.agingWip(stream(null, null), SLE_ITEMS, NOW)).extracting(AgingItem::sleBreached)
                .containsOnly(false);
    }

    @Test
    @DisplayName("SLE_BREACH: q [03-04, 03-05), r [03-04, 03-06) (reopened), t [03-07, open); none for p (done "
            + "exactly at b), s (DONE at b, reopened later), u (no flow start), v (b after asOf)")
    void sleBreachAlerts() {
        List<Alert> alerts = AlertCalculator.alerts(stream(2.0, null), SLE_ITEMS, MARCH, NOW);
        assertThat(alerts).containsExactly(
                sle("q", "03-04T00:00", "03-05T00:00", 1772582400L),
                sle("r", "03-04T00:00", "03-06T00:00", 1772582400L),
                sle("t", "03-07T00:00", null, 1772841600L));
        // as of 03-05T12:00 (the window's end): r's until (03-06) is not before asOf: open; t's b is not before
        // asOf: no alert yet
        assertThat(AlertCalculator.alerts(stream(2.0, null), SLE_ITEMS,
                Fixtures.window("03-01", "03-05T12:00", Granularity.DAY), NOW)).containsExactly(
                        sle("q", "03-04T00:00", "03-05T00:00", 1772582400L),
                        sle("r", "03-04T00:00", null, 1772582400L));
        // a window starting at q's until does not intersect [03-04, 03-05)
        assertThat(AlertCalculator.alerts(stream(2.0, null), SLE_ITEMS, Fixtures.window("03-05", "03-10",
                Granularity.DAY), NOW)).extracting(Alert::itemId).containsExactly("r", "t");
        assertThat(AlertCalculator.alerts(stream(null, null), SLE_ITEMS, MARCH, NOW)).isEmpty();
    }

    /*
     * WIP limit 1 on Build. x: Build 03-02T09:00 -> 03-05T09:00 (to Review). y: Build (Coding) 03-05T09:00 -> Done
     * 03-06T09:00: at 03-05T09:00 x leaves and y enters at the same instant, the count stays 1: no alert. z: Build
     * 03-05T12:00 -> Done 03-07: 2 items from 03-05T12:00 until y leaves at 03-06T09:00.
     */
    static final WorkItemFacts X = item("x", ItemType.FEATURE, "03-01", "To Do", "03-02T09:00", "In Progress",
            "03-05T09:00", "In Review");
    static final WorkItemFacts Y = item("y", ItemType.FEATURE, "03-01", "To Do", "03-05T09:00", "Coding",
            "03-06T09:00", "Done");
    static final WorkItemFacts Z = item("z", ItemType.FEATURE, "03-01", "To Do", "03-05T12:00", "In Progress",
            "03-07T00:00", "Done");

    @Test
    @DisplayName("WIP_LIMIT: a limit crossed and left by simultaneous transitions is no alert; 2 > 1 from "
            + "03-05T12:00 until the changes at 03-06T09:00 bring it back to 1")
    void wipLimitAlerts() {
        List<Alert> alerts = AlertCalculator.alerts(stream(null, 1), List.of(X, Y, Z), MARCH, NOW);
        assertThat(alerts).containsExactly(wip("03-05T12:00", "03-06T09:00", 1772712000L));
        // limit 2: never above
        assertThat(AlertCalculator.alerts(stream(null, 2), List.of(X, Y, Z), MARCH, NOW)).isEmpty();
        // no limit: no alert
        assertThat(AlertCalculator.alerts(stream(null, null), List.of(X, Y, Z), MARCH, NOW)).isEmpty();
    }

    @Test
    @DisplayName("WIP_LIMIT: an item created in the stage at the instant another leaves keeps the count; the alert "
            + "ends at the first instant after whose changes the count is at most the limit")
    void wipLimitWithCreation() {
        WorkItemFacts w = item("w", ItemType.DEFECT, "03-06T09:00", "In Progress", "03-08T00:00", "Done");
        List<Alert> alerts = AlertCalculator.alerts(stream(null, 1), List.of(X, Y, Z, w), MARCH, at("03-09"));
        // z and w from 03-06T09:00 on: 2 until z is done at 03-07T00:00
        assertThat(alerts).containsExactly(wip("03-05T12:00", "03-07T00:00", 1772712000L));
        // as of 03-06T12:00 it is open
        assertThat(AlertCalculator.alerts(stream(null, 1), List.of(X, Y, Z, w), MARCH, at("03-06T12:00")))
                .containsExactly(wip("03-05T12:00", null, 1772712000L));
        // limit 0: every item in Build is one; x alone from 03-02T09:00, then y, z, w keep it non-empty until 03-08
        assertThat(AlertCalculator.alerts(stream(null, 0), List.of(X, Y, Z, w), MARCH, at("03-09")))
                .containsExactly(wip("03-02T09:00", "03-08T00:00", 1772442000L));
    }

    private static Alert sle(String item, String since, String until, long sinceSeconds) {
        return new Alert("vs-1:SLE_BREACH:" + item + ":" + sinceSeconds, "vs-1", AlertKind.SLE_BREACH, null, item,
                at(since), until == null ? null : at(until));
    }

    private static Alert wip(String since, String until, long sinceSeconds) {
        return new Alert("vs-1:WIP_LIMIT:Build:" + sinceSeconds, "vs-1", AlertKind.WIP_LIMIT, "Build", null,
                at(since), until == null ? null : at(until));
    }
}
