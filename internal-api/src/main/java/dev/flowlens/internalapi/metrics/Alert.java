package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * An alert derived from the facts (docs/metrics-rules.md "Service level expectation, WIP limits, drill-down,
 * alerts"): the same whatever order the facts arrived in. Its id is
 * {@code <valueStreamId>:<kind>:<stage or itemId>:<since, whole epoch seconds, floored>}.
 */
@Description("A WIP limit exceeded or an SLE breached, from since until until (null while still open).")
public record Alert(
        @NonNull @Id @Description("<valueStreamId>:<kind>:<stage or itemId>:<since in epoch seconds>.") String id,
        @NonNull @Id @Description("The value stream.") String valueStreamId,
        @NonNull @Description("WIP_LIMIT or SLE_BREACH.") AlertKind kind,
        @Description("The stage over its limit (WIP_LIMIT).") String stage,
        @Id @Description("The item past its SLE (SLE_BREACH).") String itemId,
        @NonNull @Description("When the alert began.") Instant since,
        @Description("When it ended; null while it is still open.") Instant until) {
}
