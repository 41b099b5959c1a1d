package dev.flowlens.internalapi.metrics;

import java.util.List;

/** A page of each stream's work items: page size (null: 50), cursor of the previous page, only unfinished ones. */
public record WorkItemsRequest(List<String> valueStreamIds, Integer first, String after, Boolean unfinishedOnly) {
}
