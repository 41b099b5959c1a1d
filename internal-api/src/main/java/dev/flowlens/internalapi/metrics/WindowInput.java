package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A metric window [from, to), sent to metrics-service as is. */
@Description("A time window [from, to) and the bucket size of its series.")
@Input("WindowInput")
public record WindowInput(
        @NonNull @Description("Start, inclusive (RFC 3339).") Instant from,
        @NonNull @Description("End, exclusive (RFC 3339); must be after from.") Instant to,
        @DefaultValue("WEEK") @Description("Bucket size of series; default WEEK.") Granularity granularity) {

    public WindowInput {
        // An explicit null means the default, as for an omitted argument.
        granularity = granularity == null ? Granularity.WEEK : granularity;
    }
}
