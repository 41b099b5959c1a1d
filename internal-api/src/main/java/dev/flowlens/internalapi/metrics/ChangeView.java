package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * One merged change that {@link DeliveryMetrics} counts, with the values the delivery rules take from it (METRICS.md
 * "Delivery"); null where a rule gives none for it.
 */
@Description("A merged change counted by delivery(window), with the values the delivery rules take from it in that "
        + "window, known as of the window's end; null where a rule gives none for the change.")
public record ChangeView(
        @NonNull @Id @Description("Change (pull/merge request) id.") String changeId,
        @NonNull @Description("Repository of the change.") String repository,
        @NonNull @Description("When it merged.") Instant mergedAt,
        @Description("Coding time: first commit to ready for review, seconds; null without a first commit.")
        Double codingSeconds,
        @Description("Pickup time: ready for review to the first review, seconds; null when unreviewed.")
        Double pickupSeconds,
        @Description("Review time: first review to merge, seconds; null when unreviewed.") Double reviewSeconds,
        @Description("Deploy time: merge to the deployment that shipped it, seconds; null unless that deployment "
                + "finished before the window's end.") Double deploySeconds,
        @Description("Time to merge: first commit (else creation) to merge, seconds.") double timeToMergeSeconds,
        @Description("Reviewed: a review by someone other than its author was submitted by the merge.")
        boolean reviewed,
        @Description("When the deployment that shipped it finished; null unless before the window's end.")
        Instant deployedAt,
        @NonNull @Description("Work item keys the change names, as the tools sent them.")
        List<@NonNull String> workItemKeys) {
}
