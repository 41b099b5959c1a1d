package dev.flowlens.metrics.calc.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The dense per-item record of the fact cache gives back exactly what it was given. */
class CompactHistoryTest {

    @Test
    @DisplayName("Id, key and url come back exactly: null, empty, Latin-1, non-Latin-1, a lone surrogate, with"
            + " shared beginnings, with the key inside, with the beginnings' table full, and inside a larger array")
    void textRoundTrips() {
        String[][] cases = {
            {"jira:PROJ-123456", "PROJ-123456", null},
            {"", "", "https://example.com/browse/PROJ-1"},
            {"gh:acme/app#1", null, "https://x/\u00ff"},
            {"gl:1", "K-1", "u"},
            {"x", "y", "z".repeat(300)},
            {"broken \ud800 surrogate", "\u65e5\u672c", "https://x/\u65e5\u672c\u8a9e"},
            {"jira:PAY-7", "PAY-7", "https://acme.atlassian.net/browse/PAY-7?focusedCommentId=1"},
            {"jira:PAY-70", "PAY-70", "https://acme.atlassian.net/browse/PAY-70"},
            {"PAY-70", "PAY-70", "https://acme.atlassian.net/browse/PAY-70/PAY-70"},
            {"gh:acme/app#12", "acme/app#12", "https://github.com/acme/app/issues/12"},
            {"gh:acme/app#13", "\ud83d\ude80", "/\ud83d\ude80\ud83d\ude80/"},
            {"a/b/c", "", "/"},
        };
        TextPrefixes shared = new TextPrefixes(TextPrefixes.CAPACITY);
        TextPrefixes full = new TextPrefixes(1);
        full.number("something else");
        for (TextPrefixes prefixes : List.of(shared, full, new TextPrefixes(0))) {
            for (String[] c : cases) {
                byte[] packed = ItemText.pack(c[0], c[1], c[2], prefixes);
                assertThat(ItemText.get(packed, ItemText.ID, prefixes)).isEqualTo(c[0]);
                assertThat(ItemText.get(packed, ItemText.KEY, prefixes)).isEqualTo(c[1]);
                assertThat(ItemText.get(packed, ItemText.URL, prefixes)).isEqualTo(c[2]);
                // as StatusHistory keeps it: after other bytes, followed by more
                byte[] inside = new byte[packed.length + 19];
                java.util.Arrays.fill(inside, (byte) 0xA5);
                System.arraycopy(packed, 0, inside, 11, packed.length);
                assertThat(ItemText.get(inside, 11, ItemText.ID, prefixes)).isEqualTo(c[0]);
                assertThat(ItemText.get(inside, 11, ItemText.KEY, prefixes)).isEqualTo(c[1]);
                assertThat(ItemText.get(inside, 11, ItemText.URL, prefixes)).isEqualTo(c[2]);
                assertThat(ItemText.equals(inside, 11, ItemText.ID, c[0], prefixes)).isTrue();
                assertThat(ItemText.equals(inside, 11, ItemText.ID, c[0] + "x", prefixes)).isFalse();
                assertThat(ItemText.hash(inside, 11, ItemText.ID, prefixes)).isEqualTo(c[0].hashCode());
            }
        }
        String url = "https://acme.atlassian.net/browse/PAY-71";
        byte[] whole = ItemText.pack("jira:PAY-71", "PAY-71", url, new TextPrefixes(0));
        byte[] prefixed = ItemText.pack("jira:PAY-71", "PAY-71", url, shared);
        assertThat(prefixed.length).isLessThan(whole.length - "jira:https://acme.atlassian.net/browse/".length());
    }

    @Test
    @DisplayName("A history is one array: createdAt, one byte per status, the packed starts, then id, key and url;"
            + " the title is not kept")
    void oneArrayPerItem() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Transition> moves = new ArrayList<>();
        String[] path = {"To Do", "In Progress", "In Review", "In Progress", "Done"};
        for (int i = 1; i < path.length; i++) {
            moves.add(new Transition("m" + i, path[i - 1], path[i], t0.plusSeconds(3_600L * i * i)));
        }
        WorkItemFacts item = new WorkItemFacts("jira:PAY-7", "PAY-7", "A title of some length that is not kept",
                ItemType.FEATURE, "PAY", "payments", "Done", t0, "https://acme.atlassian.net/browse/PAY-7", moves);
        StatusTable table = new StatusTable();
        StatusHistory.of(item, table, 0, s -> s); // numbers the beginnings, as the cache's earlier items do
        StatusHistory h = StatusHistory.of(item, table, 1, s -> s);
        long[] starts = new long[path.length];
        for (int i = 0; i < path.length; i++) {
            starts[i] = h.startMicros(i);
        }
        byte unit = SegmentStarts.unitCode(starts, starts.length);
        int startBytes = SegmentStarts.size(starts.length, SegmentStarts.bits(starts, starts.length, unit));
        int text = ItemText.pack(item.itemId(), item.key(), item.url(), table.prefixes()).length;
        assertThat(h.packedSize()).isEqualTo(8 + path.length + startBytes + text);
        assertThat(text).isLessThan(12); // two beginning refs, the key once, two empty rests
        assertThat(h.item()).isEqualTo(new WorkItemFacts("jira:PAY-7", "PAY-7", null, ItemType.FEATURE, "PAY",
                "payments", "Done", t0, "https://acme.atlassian.net/browse/PAY-7", List.of()));
    }

    @Test
    @DisplayName("A history gives back the item's metadata and createdAt to the nanosecond, and orders createdAt as Instant does")
    void metadataAndCreatedAtExact() {
        Instant created = Instant.parse("2026-03-01T10:00:00.123456789Z");
        WorkItemFacts item = new WorkItemFacts("jira:P-1", "P-1", "Title", ItemType.DEFECT, "PAY", "payments",
                "In Progress", created, "https://example.com/P-1",
                List.of(new Transition("e1", "To Do", "In Progress", created.plusSeconds(60))));
        StatusHistory h = StatusHistory.of(item, new StatusTable(), 7, s -> s);
        assertThat(h.item()).isEqualTo(new WorkItemFacts("jira:P-1", "P-1", null, ItemType.DEFECT, "PAY",
                "payments", "In Progress", created, "https://example.com/P-1", List.of()));
        assertThat(h.slot()).isEqualTo(7);
        assertThat(h.hasItemId("jira:P-1")).isTrue();
        assertThat(h.itemIdHash()).isEqualTo("jira:P-1".hashCode());
        for (Instant t : List.of(created, created.minusNanos(1), created.plusNanos(1), created.minusSeconds(1),
                Instant.parse("2026-03-01T10:00:00.123456Z"), Instant.parse("2026-03-01T10:00:00.123457Z"))) {
            assertThat(Integer.signum(h.compareCreatedAt(t))).as(t.toString())
                    .isEqualTo(Integer.signum(created.compareTo(t)));
        }
        assertThat(h.sameAs(StatusHistory.of(item))).isTrue();
        assertThat(h.sameAs(StatusHistory.of(new WorkItemFacts("jira:P-1", "P-1", "Title", ItemType.DEFECT, "PAY",
                "payments", "In Progress", created.plusNanos(1), "https://example.com/P-1", item.transitions()))))
                .isFalse();
        assertThat(h.sameAs(StatusHistory.of(new WorkItemFacts("jira:P-1", "P-1", "Title", ItemType.DEFECT, "PAY",
                "payments", "In Progress", created, "https://example.com/P-2", item.transitions())))).isFalse();
        assertThat(h.sameAs(StatusHistory.of(new WorkItemFacts("jira:P-1", "P-1", "Title", ItemType.DEFECT, "PAY",
                "payments", "Done", created, "https://example.com/P-1", item.transitions())))).isFalse();
    }

    @Test
    @DisplayName("Items of a shared status table keep their own statuses, one byte each below 256 spellings and two"
            + " above, and an item is the same as itself whatever the width")
    void sharedTable() {
        StatusTable table = new StatusTable();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<StatusHistory> hs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String mid = i % 2 == 0 ? "In Progress" : "Status " + i;
            hs.add(StatusHistory.of(new WorkItemFacts("i" + i, "K", null, null, "P", null, "Done", t0, null,
                    List.of(new Transition("a" + i, null, mid, t0.plusSeconds(10)),
                            new Transition("b" + i, mid, "Done", t0.plusSeconds(20)))), table, i, s -> s));
        }
        for (int i = 0; i < 600; i++) {
            StatusHistory h = hs.get(i);
            assertThat(h.segmentCount()).isEqualTo(3);
            assertThat(h.segmentStatus(0)).isNull();
            assertThat(h.segmentStatus(1)).isEqualTo(i % 2 == 0 ? "In Progress" : "Status " + i);
            assertThat(h.segmentStatus(2)).isEqualTo("Done");
            assertThat(h.startMicros(2)).isEqualTo(Times.floorMicros(t0.plusSeconds(20)));
            assertThat(h.itemId()).isEqualTo("i" + i);
        }
        // "Status 599" came after the 256th spelling: two bytes per ordinal (and two more characters of id)
        assertThat(hs.get(599).packedSize()).isEqualTo(hs.get(1).packedSize() + 3 + 2);
        // the same item packed again after "Done" has a wide ordinal
        StatusHistory early = hs.get(1);
        StatusHistory wideDone = StatusHistory.of(new WorkItemFacts("i1", "K", null, null, "P", null, "Done", t0,
                null, List.of(new Transition("a1", null, "Status 1", t0.plusSeconds(10)),
                        new Transition("b1", "Status 1", "Status 599", t0.plusSeconds(20)))), table, 1, s -> s);
        assertThat(wideDone.segmentStatus(2)).isEqualTo("Status 599");
        assertThat(early.sameAs(wideDone)).isFalse();
        StatusHistory again = StatusHistory.of(new WorkItemFacts("i599", "K", null, null, "P", null, "Done", t0,
                null, List.of(new Transition("a599", null, "Status 599", t0.plusSeconds(10)),
                        new Transition("b599", "Status 599", "Done", t0.plusSeconds(20)))), StatusTable.single(), 599,
                s -> s);
        assertThat(hs.get(599).sameAs(again)).isTrue();
        assertThat(again.sameAs(hs.get(599))).isTrue();
        StatusIndex index = StatusIndex.of(Fixtures.stream());
        StatusCodes codes = new StatusCodes(index, table);
        for (StatusHistory h : hs) {
            Timeline shared = h.in(index, codes);
            Timeline own = h.in(index);
            for (int s = 0; s < h.segmentCount(); s++) {
                assertThat(shared.code(s)).isEqualTo(own.code(s)).isEqualTo((short) index.code(h.segmentStatus(s)));
            }
        }
    }
    @Test
    @DisplayName("Segment starts come back exactly whatever their unit and spread: whole seconds, milliseconds,"
            + " microseconds, one segment, distances of one microsecond and of centuries, and the long range's ends")
    void segmentStartsRoundTrip() {
        long s = 1_000_000L;
        long[][] cases = {
            {1_767_225_600L * s},
            {1_767_225_600L * s, 1_767_225_601L * s, 1_767_312_000L * s, 1_798_761_600L * s},
            {1_767_225_600_123_000L, 1_767_225_600_124_000L, 1_767_225_700_000_000L},
            {1_767_225_600_123_456L, 1_767_225_600_123_457L, 1_767_225_600_123_458L, 1_777_225_600_999_999L},
            {-86_400L * s, -1, 0, 1, 4_102_444_800L * s},
            {Long.MIN_VALUE + 1, -5, Long.MAX_VALUE - 7, Long.MAX_VALUE},
            {0, 1L << 40, (1L << 41) + 1, (1L << 62) + 3},
        };
        java.util.Random r = new java.util.Random(28);
        List<long[]> all = new ArrayList<>(List.of(cases));
        for (int bits : new int[] {3, 17, 33, 40, 50, 56, 57, 61}) {
            for (long unit : new long[] {1, 1_000, 1_000_000}) {
                long[] starts = new long[2 + r.nextInt(300)];
                starts[0] = 1_767_225_600L * s + r.nextInt(1_000_000);
                long step = Math.max(1, ((1L << bits) / unit) / starts.length);
                for (int i = 1; i < starts.length; i++) {
                    starts[i] = starts[i - 1] + unit * (1 + (long) (r.nextDouble() * step));
                }
                all.add(starts);
            }
        }
        for (long[] starts : all) {
            byte unit = SegmentStarts.unitCode(starts, starts.length);
            byte bits = SegmentStarts.bits(starts, starts.length, unit);
            byte[] packed = SegmentStarts.pack(starts, starts.length, bits, unit);
            // as StatusHistory keeps them: after other bytes, followed by more that are all ones
            byte[] inside = new byte[5 + packed.length + 3];
            SegmentStarts.pack(starts, starts.length, bits, unit, inside, 5);
            java.util.Arrays.fill(inside, 0, 5, (byte) -1);
            java.util.Arrays.fill(inside, 5 + packed.length, inside.length, (byte) -1);
            for (int i = 1; i < starts.length; i++) {
                assertThat(starts[0] + SegmentStarts.get(packed, i - 1, bits, unit)).isEqualTo(starts[i]);
                assertThat(starts[0] + SegmentStarts.get(inside, 5, i - 1, bits, unit)).isEqualTo(starts[i]);
            }
        }
        long[] seconds = {0, 60 * s, 86_400 * s};
        assertThat(SegmentStarts.unitCode(seconds, 3)).isEqualTo((byte) 2);
        assertThat(SegmentStarts.bits(seconds, 3, (byte) 2)).isEqualTo((byte) 17); // 86,400 < 2^17
        assertThat(SegmentStarts.pack(seconds, 3, (byte) 17, (byte) 2)).hasSize(5);

        Instant t0 = Instant.parse("2026-01-01T00:00:00.000000500Z");
        List<Transition> moves = new ArrayList<>();
        String[] path = {"To Do", "In Progress", "Review", "In Progress", "Done"};
        Instant at = t0;
        for (int i = 1; i < path.length; i++) {
            at = at.plusSeconds(86_400L * i).plusNanos(i * 7_000L);
            moves.add(new Transition("m" + i, path[i - 1], path[i], at));
        }
        StatusHistory h = StatusHistory.of(new WorkItemFacts("i", "K", null, null, "P", null, "Done", t0, null,
                moves));
        Timeline tl = h.in(StatusIndex.of(Fixtures.stream()));
        assertThat(h.segmentCount()).isEqualTo(5);
        assertThat(h.segmentStart(0)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        for (int i = 1; i < path.length; i++) {
            long us = Times.floorMicros(moves.get(i - 1).at());
            assertThat(h.segmentStart(i)).isEqualTo(Times.instantOfMicros(us));
            assertThat(tl.startMicros(i)).isEqualTo(us);
            assertThat(tl.segmentAtMicros(us)).isEqualTo(i - 1);
            assertThat(tl.segmentAtMicros(us + 1)).isEqualTo(i);
        }
        assertThat(tl.segmentAtMicros(Times.floorMicros(t0))).isEqualTo(-1);
    }
}
