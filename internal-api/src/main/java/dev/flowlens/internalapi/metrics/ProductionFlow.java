package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** Work items from idea to production over one window (METRICS.md "Idea to production"). */
@Description("Idea to production: the stream's items delivered to production in the window, and finished items "
        + "still waiting for a release.")
public record ProductionFlow(
        @Description("Stream items delivered (every linked change shipped) in the window.") int delivered,
        @NonNull @Description("Idea to production: item created to delivered, seconds.") DurationStats ideaToProduction,
        @NonNull @Description("Done to production: flow end to delivered, seconds (items done as of the window's "
                + "end).") DurationStats doneToProduction,
        @Description("Items done with a merged linked change that is not yet in production.") int releaseQueue) {
}
