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
import java.util.function.BiFunction;
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
        Map<String, List<WorkItem>> lists = new LinkedHashMap<>();
        pages.forEach((stream, p) -> lists.put(stream, p.items()));
        return titled(lists, WorkItem::id, (i, title) -> new WorkItem(i.id(), i.key(), title, i.itemType(), i.status(),
                i.stage(), i.createdAt(), i.flowStart(), i.flowEnd(), i.url(), i.deliveredAt(), i.changeIds()))
                .map(titled -> {
                    Map<String, WorkItemPage> out = new LinkedHashMap<>();
                    pages.forEach((stream, p) -> out.put(stream,
                            new WorkItemPage(titled.get(stream), p.nextCursor(), p.total())));
                    return out;
                });
    }

    /** The aging lists with their items' titles. */
    Uni<Map<String, List<AgingItem>>> aging(Map<String, List<AgingItem>> lists) {
        return titled(lists, AgingItem::itemId, (i, title) -> new AgingItem(i.itemId(), i.key(), title, i.itemType(),
                i.stage(), i.ageSeconds(), i.atRisk(), i.sleBreached()));
    }

    /**
     * Each stream's list with its items' titles, read in one query for all the lists' ids ({@code id}); {@code titled}
     * gives an item with a title (null when the item has none).
     */
    private <I> Uni<Map<String, List<I>>> titled(Map<String, List<I>> lists, Function<I, String> id,
            BiFunction<I, String, I> titled) {
        Set<String> ids = new LinkedHashSet<>();
        lists.values().forEach(l -> l.forEach(i -> ids.add(id.apply(i))));
        Function<Map<String, String>, Map<String, List<I>>> fill = titles -> {
            Map<String, List<I>> out = new LinkedHashMap<>();
            lists.forEach((stream, l) -> {
                List<I> items = new ArrayList<>(l.size());
                for (I i : l) {
                    items.add(titled.apply(i, titles.get(id.apply(i))));
                }
                out.put(stream, List.copyOf(items));
            });
            return out;
        };
        return ids.isEmpty() ? Uni.createFrom().item(() -> fill.apply(Map.of())) : read.apply(ids).map(fill);
    }
}
