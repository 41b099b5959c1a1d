package dev.flowlens.metrics.calc.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.SeriesPoint;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.metric.FlowCalculator;
import dev.flowlens.metrics.calc.metric.StageCalculator;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The day index ({@link WindowIndex}) gives exactly the numbers of the calculators' list entry points (METRICS.md
 * flow metrics, stages, cumulative flow), however it was reached: built at once or item by item, and then kept up
 * to date while facts keep arriving late and out of order (transitions dated before ones already indexed, reopens,
 * deletions, new items), whether or not the queued changes are applied before a snapshot is asked for, with windows
 * whose bounds fall mid-day, at midnight, on sub-microsecond instants, in the
 * future or before any data. An earlier snapshot keeps answering as before (copy-on-write).
 */
class WindowIndexTest {
    private static final String[] STATUSES = {"To Do", "Ready", "In Progress", "Coding", "In Review", "Testing",
        "Blocked", "Done", "Closed", "in progress "};
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    static ValueStream stream(Random r) {
        List<Stage> stages = r.nextBoolean()
                ? List.of(new Stage("Ready", List.of("Ready"), StageKind.WAITING),
                        new Stage("Build", List.of("In Progress", "Coding"), StageKind.ACTIVE),
                        new Stage("Review", List.of("In Review"), StageKind.WAITING),
                        new Stage("Test", List.of("Testing"), StageKind.ACTIVE))
                : List.of(new Stage("Doing", List.of("coding", "testing", "in progress"), StageKind.ACTIVE),
                        new Stage("Waiting", List.of("blocked", "in review"), StageKind.WAITING));
        return new ValueStream("vs", "Stream", Scope.all(), stages,
                r.nextBoolean() ? List.of("Done", "Closed") : List.of("done"), null, List.of());
    }

    /** A time in [BASE - 30 d, BASE + days), on the hour, sometimes with a microsecond or nanosecond fraction. */
    private static Instant time(Random r, int days) {
        Instant t = BASE.plusSeconds(3600L * (r.nextInt(24 * (days + 30)) - 24 * 30));
        int k = r.nextInt(8);
        return k == 0 ? t.plusNanos(1000L * r.nextInt(1_000_000)) : k == 1 ? t.plusNanos(r.nextInt(1000)) : t;
    }

    private static Transition move(Random r, String id, String from, Instant at) {
        return new Transition(id + "-e" + r.nextInt(100_000), from, STATUSES[r.nextInt(STATUSES.length)], at);
    }

    static WorkItemFacts item(Random r, String id) {
        Instant created = time(r, 150);
        List<Transition> ts = new ArrayList<>();
        String status = STATUSES[r.nextInt(STATUSES.length)];
        Instant at = created;
        for (int k = r.nextInt(10); k > 0; k--) {
            // mostly forward in time, sometimes at the same instant or before creation
            at = r.nextInt(8) == 0 ? at : at.plusSeconds(3600L * (r.nextInt(24 * 20) - (r.nextInt(6) == 0 ? 48 : 0)));
            Transition t = move(r, id, status, at);
            ts.add(t);
            status = t.toStatus();
        }
        return withTransitions(new WorkItemFacts(id, "K-" + id, "T", ItemType.values()[r.nextInt(4)], "P", "t",
                status, created, null, List.of()), ts);
    }

    private static WorkItemFacts withTransitions(WorkItemFacts f, List<Transition> ts) {
        return new WorkItemFacts(f.itemId(), f.key(), f.title(), f.itemType(), f.project(), f.team(), f.status(),
                f.createdAt(), f.url(), List.copyOf(ts));
    }

    /** A later version of an item: late facts, often dated before what was known, often a reopen after done. */
    private static WorkItemFacts later(Random r, WorkItemFacts f) {
        List<Transition> ts = new ArrayList<>(f.transitions());
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
            Instant at = r.nextBoolean() ? time(r, 150) : f.createdAt().plusSeconds(3600L * r.nextInt(24 * 60));
            ts.add(r.nextInt(3) == 0
                    ? new Transition(f.itemId() + "-re" + r.nextInt(100_000), "Done", "In Progress", at)
                    : move(r, f.itemId(), STATUSES[r.nextInt(STATUSES.length)], at));
        }
        if (r.nextInt(5) == 0 && !ts.isEmpty()) {
            ts.add(ts.get(r.nextInt(ts.size()))); // a duplicate delivery
        }
        ItemType type = r.nextInt(4) == 0 ? ItemType.values()[r.nextInt(4)] : f.itemType();
        return new WorkItemFacts(f.itemId(), f.key(), f.title(), type, f.project(), f.team(), f.status(),
                f.createdAt(), f.url(), List.copyOf(ts));
    }

    /** Every fact instant of the items: windows and now that fall exactly on one test the strict rules' edges. */
    static List<Instant> instants(Map<String, WorkItemFacts> items) {
        List<Instant> out = new ArrayList<>();
        for (WorkItemFacts f : items.values()) {
            out.add(f.createdAt());
            f.transitions().forEach(t -> out.add(t.at()));
        }
        return out;
    }

    static Window window(Random r, List<Instant> instants) {
        Instant from = switch (r.nextInt(5)) {
            case 4 -> instants.get(r.nextInt(instants.size())); // exactly a fact's instant
            case 0 -> BASE.plusSeconds(86_400L * (r.nextInt(200) - 40)); // midnight
            case 1 -> time(r, 170).plusNanos(1 + r.nextInt(999)); // sub-microsecond
            case 2 -> BASE.minusSeconds(86_400L * 400); // before any data
            default -> time(r, 170);
        };
        long length = r.nextInt(4) == 0 ? 86_400L * (1 + r.nextInt(400)) : 1 + r.nextInt(86_400 * 120);
        Instant to = from.plusSeconds(length).plusNanos(r.nextInt(3) == 0 ? r.nextInt(1000) : 0);
        Instant fact = instants.get(r.nextInt(instants.size()));
        return new Window(from, r.nextInt(5) == 0 && fact.isAfter(from) ? fact : to,
                Granularity.values()[r.nextInt(3)]);
    }

    static Instant now(Random r, Window w, List<Instant> instants) {
        return switch (r.nextInt(4)) {
            case 3 -> instants.get(r.nextInt(instants.size())); // asOf exactly a fact's instant
            case 0 -> w.to().plusSeconds(r.nextInt(86_400 * 30)); // window in the past
            case 1 -> w.from().plusNanos(1 + (long) (r.nextDouble() * (w.to().toEpochMilli() - w.from().toEpochMilli())
                    * 1_000_000L)); // window in progress: asOf mid-day
            default -> w.from().minusSeconds(r.nextInt(86_400)); // future window
        };
    }

    /** What the answers of a snapshot should be: computed by the reference on the items of that moment. */
    record Expected(Window window, Instant now, FlowMetrics flow, List<StageMetrics> stages,
            List<CfdDay> cfd) {
    }

    static Expected expected(ValueStream vs, List<WorkItemFacts> items, Window w, Instant now) {
        List<CfdDay> cfd = w.days().size() <= 500
                ? StageCalculator.cumulativeFlow(vs, items, w, now) : null;
        return new Expected(w, now, FlowCalculator.flow(vs, items, w, now), StageCalculator.stages(vs, items, w, now),
                cfd);
    }

    static void assertAnswers(String what, StatusIndex index, WindowIndex wi, Expected e) {
        assertThat(FlowCalculator.flow(index, wi, e.window(), e.now())).as(what + " flow " + e).isEqualTo(e.flow());
        assertThat(StageCalculator.stages(index, wi, e.window(), e.now())).as(what + " stages " + e)
                .isEqualTo(e.stages());
        if (e.cfd() != null) {
            assertThat(StageCalculator.cumulativeFlow(index, wi, e.window(), e.now())).as(what + " cfd " + e)
                    .isEqualTo(e.cfd());
        }
    }

    @Test
    void incrementalIndexEqualsTheReferenceWhileLateFactsArrive() {
        for (long seed = 1; seed <= 60; seed++) {
            Random r = new Random(seed);
            ValueStream vs = stream(r);
            StatusIndex index = StatusIndex.of(vs);
            Map<String, WorkItemFacts> items = new LinkedHashMap<>();
            for (int i = 0; i < 20 + r.nextInt(60); i++) {
                items.put("it" + i, item(r, "it" + i));
            }
            // Every other seed, the stores apply their queues every few records (as a large first load does); the
            // days' overlays are merged at once, after a few records, or at the service's threshold.
            int minOverlay = new int[] {0, 1, 3, DayStore.MIN_OVERLAY_RECORDS}[(int) (seed / 2 % 4)];
            WindowIndex.Builder builder = seed % 2 == 0
                    ? new WindowIndex.Builder(index, 1 + r.nextInt(200), minOverlay)
                    : new WindowIndex.Builder(index, DayStore.DEFAULT_FLUSH_LONGS, minOverlay);
            Map<String, Timeline> indexed = new LinkedHashMap<>();
            items.values().forEach(f -> {
                Timeline tl = Timeline.of(f, index);
                indexed.put(f.itemId(), tl);
                builder.add(tl);
            });
            WindowIndex first = builder.build();
            List<Expected> before = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                List<Instant> at = instants(items);
                Window w = window(r, at);
                before.add(expected(vs, List.copyOf(items.values()), w, now(r, w, at)));
            }
            for (Expected e : before) {
                assertAnswers("seed " + seed + " first build", index, first, e);
                assertAnswers("seed " + seed + " built at once", index,
                        WindowIndex.of(index, indexed.values()), e);
            }

            // Rounds of late facts; some rounds are built in between, some are not.
            for (int round = 0; round < 4; round++) {
                for (int k = r.nextInt(15); k >= 0; k--) {
                    String id = "it" + r.nextInt(items.size() + 5);
                    WorkItemFacts old = items.get(id);
                    if (old != null && r.nextInt(6) == 0) {
                        items.remove(id);
                        builder.remove(indexed.remove(id));
                        continue;
                    }
                    WorkItemFacts next = old == null ? item(r, id) : later(r, old);
                    Timeline tl = Timeline.of(next, index);
                    items.put(id, next);
                    Timeline replaced = indexed.put(id, tl);
                    builder.add(tl);
                    if (replaced != null) {
                        builder.remove(replaced);
                    }
                }
                if (r.nextBoolean()) {
                    builder.build();
                }
            }
            WindowIndex last = builder.build();
            List<Instant> at = instants(items);
            for (int k = 0; k < 8; k++) {
                Window w = window(r, at);
                assertAnswers("seed " + seed + " after late facts", index, last,
                        expected(vs, List.copyOf(items.values()), w, now(r, w, at)));
            }
            for (Expected e : before) {
                assertAnswers("seed " + seed + " first snapshot, unchanged by later updates", index, first, e);
            }
            // Removing every item leaves an index that counts nothing.
            indexed.values().forEach(builder::remove);
            Window w = window(r, at);
            assertAnswers("seed " + seed + " emptied", index, builder.build(),
                    expected(vs, List.of(), w, now(r, w, at)));
        }
    }

    /**
     * Hand-computed: stages Build (ACTIVE) and Review (WAITING), done = Done; window [Jan 10, Jan 24) by WEEK
     * (buckets cut at Mon Jan 12 and Mon Jan 19), now = Jan 20 12:00 (asOf mid-day, inside the window).
     * <ul>
     * <li>A: created Jan 1 in Build, still open: in flow at every bucket end, WIP of Build, age since Jan 1.</li>
     * <li>B: Build Jan 2, Done Jan 5 (before the window), reopened to Review Jan 11, Done Jan 15: one finish in the
     * window, flow time Jan 2 -> Jan 15 (13 d, active 3 d in Build, Review 4 d; the DONE days before the reopen are
     * wait time and in no stage).</li>
     * <li>C: Build Jan 9, Done Jan 13 then a late fact (indexed after the first build): Review Jan 12 12:00, dated
     * before its Done. Its flow time becomes Jan 9 -> Jan 13, Build 3.5 d, Review 0.5 d.</li>
     * </ul>
     */
    @Test
    void startedBeforeTheWindowStillOpenReopenedAndALateFact() {
        ValueStream vs = new ValueStream("vs", "S", Scope.all(),
                List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                        new Stage("Review", List.of("In Review"), StageKind.WAITING)),
                List.of("Done"), null, List.of());
        StatusIndex index = StatusIndex.of(vs);
        WorkItemFacts a = new WorkItemFacts("A", "A", "A", ItemType.FEATURE, "P", "t", "In Progress", day(1), null,
                List.of());
        WorkItemFacts b = new WorkItemFacts("B", "B", "B", ItemType.DEFECT, "P", "t", "Done", day(1), null,
                List.of(new Transition("b1", "To Do", "In Progress", day(2)),
                        new Transition("b2", "In Progress", "Done", day(5)),
                        new Transition("b3", "Done", "In Review", day(11)),
                        new Transition("b4", "In Review", "Done", day(15))));
        WorkItemFacts c = new WorkItemFacts("C", "C", "C", ItemType.FEATURE, "P", "t", "Done", day(8), null,
                List.of(new Transition("c1", "To Do", "In Progress", day(9)),
                        new Transition("c2", "In Progress", "Done", day(13))));
        WorkItemFacts cLate = withTransitions(c, List.of(c.transitions().get(0), c.transitions().get(1),
                new Transition("c3", "In Progress", "In Review", day(12).plusSeconds(43_200))));
        WindowIndex.Builder builder = new WindowIndex.Builder(index);
        Timeline tc = Timeline.of(c, index);
        for (WorkItemFacts f : List.of(a, b)) {
            builder.add(Timeline.of(f, index));
        }
        builder.add(tc);
        WindowIndex before = builder.build();
        builder.remove(tc);
        builder.add(Timeline.of(cLate, index));
        WindowIndex after = builder.build();

        Window w = new Window(day(10), day(24), Granularity.WEEK);
        Instant now = day(20).plusSeconds(43_200);
        FlowMetrics flow = FlowCalculator.flow(index, after, w, now);
        assertThat(flow.velocity()).isEqualTo(2);
        assertThat(flow.velocitySeries()).extracting(SeriesPoint::value).containsExactly(0.0, 2.0, 0.0);
        // Bucket ends Jan 12, Jan 19, asOf: A always; B in Review at Jan 12 (reopened Jan 11); C in Build at Jan 12.
        assertThat(flow.loadSeries()).extracting(SeriesPoint::value).containsExactly(3.0, 1.0, 1.0);
        assertThat(flow.load()).isEqualTo(1);
        assertThat(flow.flowTime().count()).isEqualTo(2);
        assertThat(flow.flowTime().p95()).isEqualTo(13 * 86_400.0);
        assertThat(flow.flowTime().p50()).isEqualTo(4 * 86_400.0);
        assertThat(flow.flowEfficiency()).isEqualTo((3 + 3.5) / (13 + 4));
        List<StageMetrics> stages = StageCalculator.stages(index, after, w, now);
        assertThat(stages.get(0).totalSeconds()).isEqualTo((3 + 3.5) * 86_400);
        assertThat(stages.get(1).totalSeconds()).isEqualTo((4 + 0.5) * 86_400);
        assertThat(stages.get(0).wip()).isEqualTo(1);
        assertThat(stages.get(0).averageWipAgeSeconds()).isEqualTo(19.5 * 86_400);
        assertThat(stages.get(1).wip()).isZero();
        assertThat(StageCalculator.stages(index, before, w, now).get(1).totalSeconds())
                .as("the snapshot built before the late fact").isEqualTo(4 * 86_400.0);

        List<WorkItemFacts> all = List.of(a, b, cLate);
        assertThat(flow).isEqualTo(FlowCalculator.flow(vs, all, w, now));
        assertThat(stages).isEqualTo(StageCalculator.stages(vs, all, w, now));
        assertThat(StageCalculator.cumulativeFlow(index, after, w, now))
                .isEqualTo(StageCalculator.cumulativeFlow(vs, all, w, now));
    }

    /** The index refuses to remove what it does not hold, rather than count it negatively. */
    @Test
    void removingATimelineThatWasNeverAddedIsRefused() {
        Random r = new Random(3);
        ValueStream vs = stream(r);
        StatusIndex index = StatusIndex.of(vs);
        WindowIndex.Builder builder = new WindowIndex.Builder(index);
        builder.add(Timeline.of(item(r, "a"), index));
        builder.build();
        WorkItemFacts other = new WorkItemFacts("b", "b", "b", ItemType.RISK, "P", "t", "In Progress", BASE, null,
                List.of(new Transition("b1", "In Progress", "Done", BASE.plusSeconds(3600))));
        builder.remove(Timeline.of(other, index));
        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("removed record not held");
    }

    private static Instant day(int d) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * (d - 1));
    }
}
