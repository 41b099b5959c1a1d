package dev.flowlens.gateway.graphql.type;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A push of the flowChanged subscription. */
@Description("New facts changed a value stream's metrics. Re-query what you show; velocity and load come along for "
        + "tiles that only need them.")
public record FlowChange(
        @NonNull @Id @Description("The stream that changed.") String valueStreamId,
        @NonNull @Description("When metrics-service saw the change.") Instant at,
        @NonNull @Description("Items finished in the 30 days before `at` (METRICS.md velocity).") Integer velocity,
        @NonNull @Description("Unfinished items at `at` (METRICS.md load).") Integer load) {
}
