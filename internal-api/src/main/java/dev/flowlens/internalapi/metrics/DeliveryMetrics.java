package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** The code review part of a value stream over one window (METRICS.md "Delivery"). */
@Description("Delivery: the stream's merged changes in the window, their pull request cycle split into coding, pickup, "
        + "review and deploy time.")
public record DeliveryMetrics(
        @Description("Merged changes of the stream's repositories with mergedAt in the window.") int merged,
        @Description("Share of merged changes without a review by someone other than their author before they "
                + "merged, 0..1; null when none merged.") Double unreviewedShare,
        @NonNull @Description("Coding time: first commit to ready for review, seconds.") DurationStats codingTime,
        @NonNull @Description("Pickup time: ready for review to the first review, seconds.") DurationStats pickupTime,
        @NonNull @Description("Review time: first review to merge, seconds.") DurationStats reviewTime,
        @NonNull @Description("Deploy time: merge to the deployment that shipped it, seconds.") DurationStats deployTime,
        @NonNull @Description("Time to merge: first commit (else creation) to merge, seconds.") DurationStats timeToMerge,
        @Description("The phase with the largest total time: coding, pickup, review or deploy; null when none "
                + "merged.") String slowestPhase) {
}
