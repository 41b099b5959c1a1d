package dev.flowlens.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The API adds the titles of the items it lists (the cache holds none): one read per answer, failures not hidden. */
class ListedTitlesTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    private final List<List<String>> reads = new ArrayList<>();
    private final ListedTitles titles = new ListedTitles(ids -> {
        reads.add(List.copyOf(ids));
        return Uni.createFrom().item(Map.of("a", "Fix checkout", "b", "<b>not markup</b>"));
    });

    private static WorkItem item(String id) {
        return new WorkItem(id, "K-" + id, null, ItemType.FEATURE, "In Progress", "Build", T, T, null,
                "https://jira.example/" + id, null, List.of("c1"));
    }

    @Test
    @DisplayName("Pages of several streams get their items' titles from one read of exactly the listed ids;"
            + " an item the database has no title for keeps none; everything else is unchanged")
    void pages() {
        Map<String, WorkItemPage> in = new LinkedHashMap<>();
        in.put("s1", new WorkItemPage(List.of(item("a"), item("c")), "cursor", 9));
        in.put("s2", new WorkItemPage(List.of(item("b"), item("a")), null, 2));
        in.put("s3", new WorkItemPage(List.of(), null, 0));
        Map<String, WorkItemPage> out = titles.pages(in).await().indefinitely();
        assertThat(reads).containsExactly(List.of("a", "c", "b"));
        assertThat(out.keySet()).containsExactly("s1", "s2", "s3");
        assertThat(out.get("s1").items()).extracting(WorkItem::title).containsExactly("Fix checkout", null);
        assertThat(out.get("s2").items()).extracting(WorkItem::title).containsExactly("<b>not markup</b>",
                "Fix checkout");
        WorkItem a = item("a");
        assertThat(out.get("s1").items().get(0)).isEqualTo(new WorkItem(a.id(), a.key(), "Fix checkout",
                a.itemType(), a.status(), a.stage(), a.createdAt(), a.flowStart(), a.flowEnd(), a.url(),
                a.deliveredAt(), a.changeIds()));
        assertThat(out.get("s1").nextCursor()).isEqualTo("cursor");
        assertThat(out.get("s1").total()).isEqualTo(9);
        assertThat(out.get("s3").items()).isEmpty();
    }

    @Test
    @DisplayName("Aging lists get their titles, in their order; an answer that lists nothing reads nothing")
    void aging() {
        Map<String, List<AgingItem>> in = new LinkedHashMap<>();
        in.put("s1", List.of(new AgingItem("b", "K-b", null, ItemType.DEFECT, "Build", 86_400, true, false),
                new AgingItem("a", "K-a", null, ItemType.FEATURE, "Review", 3_600, false, true)));
        Map<String, List<AgingItem>> out = titles.aging(in).await().indefinitely();
        assertThat(out.get("s1")).containsExactly(
                new AgingItem("b", "K-b", "<b>not markup</b>", ItemType.DEFECT, "Build", 86_400, true, false),
                new AgingItem("a", "K-a", "Fix checkout", ItemType.FEATURE, "Review", 3_600, false, true));
        reads.clear();
        assertThat(titles.aging(Map.of("s1", List.of())).await().indefinitely()).isEqualTo(Map.of("s1", List.of()));
        assertThat(reads).isEmpty();
    }

    @Test
    @DisplayName("A failed read fails the answer (the problem mapper's 500), it never answers without titles")
    void failedRead() {
        ListedTitles failing = new ListedTitles((Collection<String> ids) -> Uni.createFrom()
                .failure(new IllegalStateException("connection refused")));
        assertThatThrownBy(() -> failing.pages(Map.of("s1", new WorkItemPage(List.of(item("a")), null, 1)))
                .await().indefinitely()).hasMessageContaining("connection refused");
    }
}
