package dev.flowlens.internalapi.metrics;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** One page of work items (metrics-service's {@code /internal/v1/metrics/work-items} answer per stream). */
@Description("One page of work items; pass nextCursor as `after` for the next page.")
public record WorkItemPage(
        @NonNull @Description("The items of this page.") List<@NonNull WorkItem> items,
        @Description("Cursor of the next page; null on the last page.") String nextCursor,
        @Description("Items matching the query, over all pages.") int total) {

    public WorkItemPage {
        items = Lists.orEmpty(items);
    }
}
