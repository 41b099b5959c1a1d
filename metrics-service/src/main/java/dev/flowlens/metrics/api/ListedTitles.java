package dev.flowlens.metrics.api;

import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Fills in the titles of the items an answer lists. The fact cache holds no titles (they were a third of each item's
 * bytes and only lists show them; docs/decisions.md "Titles from PostgreSQL"), so the calculators leave them null and
 * this reads exactly the listed items' titles in one query per answer, over all its streams. A failed read fails the
 * answer (the problem mapper's 500 with an error id), never an answer without titles.
 */
final class ListedTitles {
    private final Function<Collection<String>, Uni<Map<String, String>>> read;

    /** @param read the titles of these item ids, by id (an item without one left out) */
    ListedTitles(Function<Collection<String>, Uni<Map<String, String>>> read) {
        this.read = read;
    }

    /** The pages with their items' titles. */
    Uni<Map<String, WorkItemPage>> pages(Map<String, WorkItemPage> pages) {
        Set<String> ids = new LinkedHashSet<>();
        pages.values().forEach(p -> p.items().forEach(i -> ids.add(i.id())));
        return withTitles(ids, titles -> {
            Map<String, WorkItemPage> out = new LinkedHashMap<>();
            pages.forEach((stream, p) -> {
                List<WorkItem> items = new ArrayList<>(p.items().size());
                for (WorkItem i : p.items()) {
                    items.add(new WorkItem(i.id(), i.key(), titles.get(i.id()), i.itemType(), i.status(), i.stage(),
                            i.createdAt(), i.flowStart(), i.flowEnd(), i.url(), i.deliveredAt(), i.changeIds()));
                }
                out.put(stream, new WorkItemPage(List.copyOf(items), p.nextCursor(), p.total()));
            });
            return out;
        });
    }

    /** The aging lists with their items' titles. */
    Uni<Map<String, List<AgingItem>>> aging(Map<String, List<AgingItem>> lists) {
        Set<String> ids = new LinkedHashSet<>();
        lists.values().forEach(l -> l.forEach(i -> ids.add(i.itemId())));
        return withTitles(ids, titles -> {
            Map<String, List<AgingItem>> out = new LinkedHashMap<>();
            lists.forEach((stream, l) -> {
                List<AgingItem> items = new ArrayList<>(l.size());
                for (AgingItem i : l) {
                    items.add(new AgingItem(i.itemId(), i.key(), titles.get(i.itemId()), i.itemType(), i.stage(),
                            i.ageSeconds(), i.atRisk(), i.sleBreached()));
                }
                out.put(stream, List.copyOf(items));
            });
            return out;
        });
    }

    private <T> Uni<T> withTitles(Set<String> ids, Function<Map<String, String>, T> fill) {
        return ids.isEmpty() ? Uni.createFrom().item(() -> fill.apply(Map.of())) : read.apply(ids).map(fill);
    }
}
