package dev.flowlens.metrics.calc.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.metrics.calc.Fixtures;
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
    @DisplayName("Id, key, title and url come back exactly: null, empty, Latin-1, non-Latin-1, a lone surrogate, with"
            + " shared beginnings, with the key inside and with the beginnings' table full")
    void textRoundTrips() {
        String[][] cases = {
            {"jira:PROJ-123456", "PROJ-123456", "Fix the checkout timeout for customers with saved cards", null},
            {"", "", null, "https://example.com/browse/PROJ-1"},
            {"gh:acme/app#1", null, "Caf\u00e9 cr\u00e8me \u00fcber alles", "https://x/\u00ff"},
            {"gl:1", "K-1", "\u65e5\u672c\u8a9e\u306e\u30bf\u30a4\u30c8\u30eb \ud83d\ude80", "u"},
            {"x", "y", "broken \ud800 surrogate", "z".repeat(300)},
            {"jira:PAY-7", "PAY-7", "t", "https://acme.atlassian.net/browse/PAY-7?focusedCommentId=1"},
            {"jira:PAY-70", "PAY-70", "t", "https://acme.atlassian.net/browse/PAY-70"},
            {"PAY-70", "PAY-70", "", "https://acme.atlassian.net/browse/PAY-70/PAY-70"},
            {"gh:acme/app#12", "acme/app#12", "t", "https://github.com/acme/app/issues/12"},
            {"gh:acme/app#13", "\ud83d\ude80", "t", "/\ud83d\ude80\ud83d\ude80/"},
            {"a/b/c", "", "t", "/"},
        };
        TextPrefixes shared = new TextPrefixes(TextPrefixes.CAPACITY);
        TextPrefixes full = new TextPrefixes(1);
        full.number("something else");
        for (TextPrefixes prefixes : List.of(shared, full, new TextPrefixes(0))) {
            for (String[] c : cases) {
                byte[] packed = ItemText.pack(c[0], c[1], c[2], c[3], prefixes);
                assertThat(ItemText.get(packed, ItemText.ID, prefixes)).isEqualTo(c[0]);
                assertThat(ItemText.get(packed, ItemText.KEY, prefixes)).isEqualTo(c[1]);
                assertThat(ItemText.get(packed, ItemText.TITLE, prefixes)).isEqualTo(c[2]);
                assertThat(ItemText.get(packed, ItemText.URL, prefixes)).isEqualTo(c[3]);
                assertThat(ItemText.equals(packed, ItemText.ID, c[0], prefixes)).isTrue();
                assertThat(ItemText.equals(packed, ItemText.ID, c[0] + "x", prefixes)).isFalse();
                assertThat(ItemText.hash(packed, ItemText.ID, prefixes)).isEqualTo(c[0].hashCode());
            }
        }
        String url = "https://acme.atlassian.net/browse/PAY-71";
        byte[] whole = ItemText.pack("jira:PAY-71", "PAY-71", "t", url, new TextPrefixes(0));
        byte[] prefixed = ItemText.pack("jira:PAY-71", "PAY-71", "t", url, shared);
        assertThat(prefixed.length).isLessThan(whole.length - "jira:https://acme.atlassian.net/browse/".length());
    }

    @Test
    @DisplayName("A history gives back the item's metadata and createdAt to the nanosecond, and orders createdAt as Instant does")
    void metadataAndCreatedAtExact() {
        Instant created = Instant.parse("2026-03-01T10:00:00.123456789Z");
        WorkItemFacts item = new WorkItemFacts("jira:P-1", "P-1", "Title", ItemType.DEFECT, "PAY", "payments",
                "In Progress", created, "https://example.com/P-1",
                List.of(new Transition("e1", "To Do", "In Progress", created.plusSeconds(60))));
        StatusHistory h = StatusHistory.of(item, new StatusTable(), 7, s -> s);
        assertThat(h.item()).isEqualTo(new WorkItemFacts("jira:P-1", "P-1", "Title", ItemType.DEFECT, "PAY",
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
                "payments", "Done", created, "https://example.com/P-1", item.transitions())))).isFalse();
    }

    @Test
    @DisplayName("Items of a shared status table keep their own statuses, equal sequences are shared")
    void sharedTable() {
        StatusTable table = new StatusTable();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<StatusHistory> hs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String mid = i % 2 == 0 ? "In Progress" : "Status " + i;
            hs.add(StatusHistory.of(new WorkItemFacts("i" + i, "K", null, null, "P", null, "Done", t0, null,
                    List.of(new Transition("a" + i, null, mid, t0.plusSeconds(10)),
                            new Transition("b" + i, mid, "Done", t0.plusSeconds(20)))), table, i, s -> s));
        }
        for (int i = 0; i < 50; i++) {
            StatusHistory h = hs.get(i);
            assertThat(h.segmentCount()).isEqualTo(3);
            assertThat(h.segmentStatus(0)).isNull();
            assertThat(h.segmentStatus(1)).isEqualTo(i % 2 == 0 ? "In Progress" : "Status " + i);
            assertThat(h.segmentStatus(2)).isEqualTo("Done");
        }
        assertThat(hs.get(0).ordinals()).isSameAs(hs.get(2).ordinals());
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
}
