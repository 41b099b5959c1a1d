package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.DeliveryIndex;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Cursor pages over a stream's work items, newest first (createdAt, then id), so a dashboard can
 * drill from a number to the items behind it. The cursor is opaque to clients.
 */
public final class WorkItemPages {

    /** Page size when none is asked for (schema.graphql default). */
    public static final int DEFAULT_PAGE = 50;
    /** Largest page served. */
    public static final int MAX_PAGE = 500;


    private WorkItemPages() {
    }

    /**
     * The checks of {@code page} on its arguments, on their own: the API runs them before it reads any stream.
     *
     * @throws IllegalArgumentException when {@code first} is out of range or the cursor is not one of ours
     */
    public static void validate(int first, String after) {
        if (first < 1 || first > MAX_PAGE) {
            throw new IllegalArgumentException("first must be between 1 and " + MAX_PAGE);
        }
        if (after != null && !after.isBlank()) {
            decode(after);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code first} is out of range or the cursor is not one of ours
     */
    public static WorkItemPage page(ValueStream stream, List<WorkItemFacts> items, Instant now, int first, String after,
            boolean unfinishedOnly) {
        if (first < 1 || first > MAX_PAGE) {
            throw new IllegalArgumentException("first must be between 1 and " + MAX_PAGE);
        }
        StatusIndex index = StatusIndex.of(stream);
        List<Timeline> timelines = new ArrayList<>(items.size());
        for (WorkItemFacts item : items) {
            timelines.add(Timeline.of(item, index));
        }
        return page(index, timelines, now, first, after, unfinishedOnly);
    }

    /**
     * As {@link #page(ValueStream, List, Instant, int, String, boolean)}, from prebuilt timelines of the stream's
     * items.
     *
     * @throws IllegalArgumentException when {@code first} is out of range or the cursor is not one of ours
     */
    public static WorkItemPage page(StatusIndex index, List<Timeline> timelines, Instant now, int first, String after,
            boolean unfinishedOnly) {
        return page(index, timelines, now, first, after, unfinishedOnly, null);
    }

    /**
     * As {@link #page(StatusIndex, List, Instant, int, String, boolean)}, each item with its deliveredAt and linked
     * changes from the stream's delivery facts (none when {@code delivery} is null).
     *
     * @throws IllegalArgumentException when {@code first} is out of range or the cursor is not one of ours
     */
    public static WorkItemPage page(StatusIndex index, List<Timeline> timelines, Instant now, int first, String after,
            boolean unfinishedOnly, DeliveryIndex delivery) {
        if (first < 1 || first > MAX_PAGE) {
            throw new IllegalArgumentException("first must be between 1 and " + MAX_PAGE);
        }
        // One pass: count, skip up to the cursor, keep the page's items in a bounded heap; views (stage, flow
        // start and end) are built for the page only. Sorting every item's view made workItems(first: 1) cost a
        // full sort of the stream on each call.
        WorkItem cursor = after == null || after.isBlank() ? null : decode(after);
        PriorityQueue<Timeline> page = new PriorityQueue<>(first + 1, TIMELINE_ORDER.reversed());
        int total = 0;
        int remaining = 0;
        for (Timeline tl : timelines) {
            if (unfinishedOnly && tl.flowEnd(now) != null) {
                continue;
            }
            total++;
            if (cursor != null && compare(tl, cursor) <= 0) {
                continue;
            }
            remaining++;
            page.add(tl);
            if (page.size() > first) {
                page.poll(); // the one furthest down the order
            }
        }
        List<Timeline> ordered = new ArrayList<>(page);
        ordered.sort(TIMELINE_ORDER);
        List<WorkItem> views = new ArrayList<>(ordered.size());
        for (Timeline tl : ordered) {
            views.add(WorkItemViews.of(index, tl, now, delivery));
        }
        String next = remaining > first && !views.isEmpty() ? encode(views.get(views.size() - 1)) : null;
        return new WorkItemPage(List.copyOf(views), next, total);
    }

    /** Newest first: createdAt, then id, both descending (the view's createdAt and id are the item's). */
    private static final Comparator<Timeline> TIMELINE_ORDER = ((Comparator<Timeline>) (a, b) -> a.history()
            .compareCreatedAt(b.history())).thenComparing(tl -> tl.history().itemId()).reversed();

    private static int compare(Timeline tl, WorkItem cursor) {
        int byTime = -tl.history().compareCreatedAt(cursor.createdAt()); // newest first: reversed
        return byTime != 0 ? byTime : cursor.id().compareTo(tl.history().itemId());
    }

    private static String encode(WorkItem v) {
        String raw = v.createdAt().toString() + "|" + v.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static WorkItem decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new WorkItem(raw.substring(bar + 1), null, null, null, null, null,
                    Instant.parse(raw.substring(0, bar)), null, null, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("after: not a cursor this API gave out");
        }
    }
}
