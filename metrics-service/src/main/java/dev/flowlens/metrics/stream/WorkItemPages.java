package dev.flowlens.metrics.stream;

import dev.flowlens.metrics.calc.StatusIndex;
import dev.flowlens.metrics.calc.Timeline;
import dev.flowlens.metrics.calc.ValueStream;
import dev.flowlens.metrics.calc.WorkItemFacts;
import dev.flowlens.metrics.calc.WorkItemView;
import dev.flowlens.metrics.calc.WorkItemViews;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Cursor pages over a stream's work items, newest first (createdAt, then id), so a dashboard can
 * drill from a number to the items behind it. The cursor is opaque to clients.
 */
public final class WorkItemPages {

    /** Page size when none is asked for (schema.graphql default). */
    public static final int DEFAULT_PAGE = 50;
    /** Largest page served. */
    public static final int MAX_PAGE = 500;

    /** One page; {@code nextCursor} is null on the last page. */
    public record Page(List<WorkItemView> items, String nextCursor, int total) {
    }

    private static final Comparator<WorkItemView> NEWEST_FIRST = Comparator.comparing(WorkItemView::createdAt)
            .thenComparing(WorkItemView::id).reversed();

    private WorkItemPages() {
    }

    /**
     * @throws IllegalArgumentException when {@code first} is out of range or the cursor is not one of ours
     */
    public static Page page(ValueStream stream, List<WorkItemFacts> items, Instant now, int first, String after,
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
    public static Page page(StatusIndex index, List<Timeline> timelines, Instant now, int first, String after,
            boolean unfinishedOnly) {
        if (first < 1 || first > MAX_PAGE) {
            throw new IllegalArgumentException("first must be between 1 and " + MAX_PAGE);
        }
        List<WorkItemView> views = new ArrayList<>(timelines.size());
        for (Timeline tl : timelines) {
            WorkItemView v = WorkItemViews.of(index, tl, now);
            if (!unfinishedOnly || v.flowEnd() == null) {
                views.add(v);
            }
        }
        views.sort(NEWEST_FIRST);
        int start = 0;
        if (after != null && !after.isBlank()) {
            WorkItemView cursor = decode(after);
            while (start < views.size() && NEWEST_FIRST.compare(views.get(start), cursor) <= 0) {
                start++;
            }
        }
        int end = Math.min(views.size(), start + first);
        List<WorkItemView> page = List.copyOf(views.subList(start, end));
        String next = end < views.size() && !page.isEmpty() ? encode(page.get(page.size() - 1)) : null;
        return new Page(page, next, views.size());
    }

    private static String encode(WorkItemView v) {
        String raw = v.createdAt().toString() + "|" + v.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static WorkItemView decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new WorkItemView(raw.substring(bar + 1), null, null, null, null, null,
                    Instant.parse(raw.substring(0, bar)), null, null, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("after: not a cursor this API gave out");
        }
    }
}
