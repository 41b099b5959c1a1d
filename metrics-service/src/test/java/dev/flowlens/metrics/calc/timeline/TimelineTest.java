package dev.flowlens.metrics.calc.timeline;

import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.item;
import static dev.flowlens.metrics.calc.Fixtures.stream;
import static dev.flowlens.metrics.calc.Fixtures.tr;
import static dev.flowlens.metrics.calc.Fixtures.withTransitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.events.ItemType;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private final StatusIndex index = StatusIndex.of(stream());

    @Test
    @DisplayName("Timeline starts at createdAt in the fromStatus of the earliest transition, not the upserted status")
    void startsInFromStatusOfEarliestTransition() {
        // Upserted status says Done, transitions given out of order: Ready->In Progress (03-03), To Do->Ready (03-02).
        WorkItemFacts it = new WorkItemFacts("i", "I-1", null, ItemType.FEATURE, "PAY", null, "Done", at("03-01"),
                null, List.of(tr("b", "Ready", "In Progress", "03-03"), tr("a", "To Do", "Ready", "03-02")));
        Timeline tl = Timeline.of(it, index);
        assertThat(tl.segmentCount()).isEqualTo(3);
        assertThat(tl.segmentStatus(0)).isEqualTo("To Do");
        assertThat(tl.segmentStart(0)).isEqualTo(at("03-01"));
        assertThat(tl.statusAt(at("03-01T12:00"))).isEqualTo("To Do");
        assertThat(tl.categoryAt(at("03-01T12:00"))).isEqualTo(StatusCategory.NEW);
        assertThat(tl.categoryAt(at("03-02T12:00"))).isEqualTo(StatusCategory.WAITING);
        assertThat(tl.categoryAt(at("03-03T12:00"))).isEqualTo(StatusCategory.ACTIVE);
    }

    @Test
    @DisplayName("No transitions: the timeline is the upserted status from createdAt")
    void noTransitionsUsesUpsertedStatus() {
        WorkItemFacts it = new WorkItemFacts("i", "I-1", null, ItemType.FEATURE, "PAY", null, "In Review",
                at("03-01"), null, List.of());
        Timeline tl = Timeline.of(it, index);
        assertThat(tl.segmentCount()).isEqualTo(1);
        assertThat(tl.stageAt(at("03-05"))).isEqualTo(2);
        assertThat(tl.flowStart(at("03-05"))).isEqualTo(at("03-01"));
    }

    @Test
    @DisplayName("State at t is strict (< t); the item exists only when createdAt < t")
    void strictStateAtT() {
        Timeline tl = Timeline.of(item("i", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress"), index);
        assertThat(tl.existsAt(at("03-01"))).isFalse();
        assertThat(tl.categoryAt(at("03-01"))).isNull();
        assertThat(tl.statusAt(at("03-02"))).isEqualTo("To Do"); // transition at exactly t is not applied yet
        assertThat(tl.statusAt(at("03-02").plusNanos(1))).isEqualTo("In Progress");
    }

    @Test
    @DisplayName("Transitions at the same instant apply in event-id order; the zero-length state is never seen")
    void tiesByEventIdAndZeroLengthSegments() {
        // At 03-02 both "x2" (In Progress->Done) and "x1" (To Do->In Progress): x1 first, so the item ends Done
        // and is never In Progress at any instant: no flow start (NEW straight to DONE).
        WorkItemFacts it = withTransitions(item("i", ItemType.FEATURE, "03-01", "To Do"),
                List.of(tr("x2", "In Progress", "Done", "03-02"), tr("x1", "To Do", "In Progress", "03-02")));
        Timeline tl = Timeline.of(it, index);
        assertThat(tl.segmentCount()).isEqualTo(2);
        assertThat(tl.statusAt(at("03-03"))).isEqualTo("Done");
        assertThat(tl.flowEnd(at("03-03"))).isEqualTo(at("03-02"));
        assertThat(tl.flowStart(at("03-03"))).isNull();
    }

    @Test
    @DisplayName("Transitions dated before createdAt apply at createdAt (documented choice)")
    void transitionsBeforeCreatedAtAreClamped() {
        // Created 03-05, yet a To Do->In Progress is dated 03-04 (clock skew / import). The item starts at 03-05
        // In Progress, so flow start = createdAt = 03-05 and lead time = flow time.
        WorkItemFacts it = item("i", ItemType.FEATURE, "03-05", "To Do", "03-04", "In Progress", "03-07", "Done");
        Timeline tl = Timeline.of(it, index);
        assertThat(tl.segmentCount()).isEqualTo(2);
        assertThat(tl.segmentStart(0)).isEqualTo(at("03-05"));
        assertThat(tl.segmentStatus(0)).isEqualTo("In Progress");
        assertThat(tl.flowStart(at("03-10"))).isEqualTo(at("03-05"));
        assertThat(tl.flowEnd(at("03-10"))).isEqualTo(at("03-07"));
    }

    @Test
    @DisplayName("A transition given twice (same eventId) changes nothing")
    void duplicatesAreDropped() {
        WorkItemFacts once = item("i", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-04", "Done");
        List<Transition> twice = new java.util.ArrayList<>(once.transitions());
        twice.addAll(once.transitions());
        // A redelivery of event i-1 with a later time must also be ignored regardless of order: the first by
        // (at, eventId) wins, so the duplicate at 03-03 is dropped.
        twice.add(new Transition("i-2", "In Progress", "Done", at("03-05")));
        Timeline a = Timeline.of(once, index);
        Timeline b = Timeline.of(withTransitions(once, twice), index);
        assertThat(b.segmentCount()).isEqualTo(a.segmentCount()).isEqualTo(3);
        for (int i = 0; i < a.segmentCount(); i++) {
            assertThat(b.segmentStart(i)).isEqualTo(a.segmentStart(i));
            assertThat(b.segmentStatus(i)).isEqualTo(a.segmentStatus(i));
        }
    }

    @Test
    @DisplayName("Flow end = last entry into DONE from another category; DONE->DONE keeps the first entry")
    void flowEndReopenedAndDoneToDone() {
        // 03-02 In Progress, 03-04 Done, 03-05 Closed (DONE->DONE), 03-06 In Progress (reopen), 03-08 Done.
        Timeline tl = Timeline.of(item("i", ItemType.FEATURE, "03-01", "To Do", "03-02", "In Progress", "03-04",
                "Done", "03-05", "Closed", "03-06", "In Progress", "03-08", "Done"), index);
        assertThat(tl.flowEnd(at("03-05T12:00"))).isEqualTo(at("03-04")); // Done then Closed: entered at 03-04
        assertThat(tl.flowEnd(at("03-07"))).isNull(); // reopened: unfinished
        assertThat(tl.flowEnd(at("03-09"))).isEqualTo(at("03-08"));
        assertThat(tl.flowStart(at("03-09"))).isEqualTo(at("03-02"));
        // Active time within [03-02, 03-08): 2 days (03-02..04) + 2 days (03-06..08) = 345600 s.
        assertThat(tl.activeSeconds(at("03-02"), at("03-08"))).isEqualTo(4 * Fixtures.DAY);
    }

    @Test
    @DisplayName("Created in DONE: flow end = createdAt, no flow start")
    void createdInDone() {
        Timeline tl = Timeline.of(item("i", ItemType.FEATURE, "03-01", "Done"), index);
        assertThat(tl.flowEnd(at("03-02"))).isEqualTo(at("03-01"));
        assertThat(tl.flowStart(at("03-02"))).isNull();
    }

    @Test
    @DisplayName("Status matching is case-insensitive after trimming; unknown statuses are NEW")
    void statusMatching() {
        assertThat(index.categoryOf("  in progress ")).isEqualTo(StatusCategory.ACTIVE);
        assertThat(index.categoryOf("DONE")).isEqualTo(StatusCategory.DONE);
        assertThat(index.categoryOf("Blocked")).isEqualTo(StatusCategory.NEW);
        assertThat(index.categoryOf(null)).isEqualTo(StatusCategory.NEW);
        assertThat(index.stageOf("coding")).isEqualTo(1);
    }

    @Test
    @DisplayName("Current visit of a stage: moving between two statuses of one stage keeps the visit")
    void currentVisitStart() {
        Timeline tl = Timeline.of(item("i", ItemType.FEATURE, "03-01", "To Do", "03-02", "Coding", "03-03",
                "In Review", "03-04", "Coding", "03-05", "In Progress"), index);
        assertThat(tl.currentVisitStart(at("03-06"))).isEqualTo(at("03-04"));
    }

    @Test
    @DisplayName("An item without createdAt is rejected with its id")
    void missingCreatedAt() {
        WorkItemFacts it = new WorkItemFacts("x", "X", null, ItemType.FEATURE, "P", null, "To Do", null, null,
                List.of());
        assertThatThrownBy(() -> Timeline.of(it, index)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item x: createdAt");
    }
}
