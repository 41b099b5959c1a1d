package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * An outgoing webhook of alerts and the state of its outbox (docs/operations.md "Notifiers"). Its secret is
 * write-only: no answer carries it.
 */
@Description("An outgoing webhook that receives the alerts of its value streams, and its delivery state.")
public record Notifier(
        @NonNull @Id @Description("Its id.") String id,
        @NonNull @Description("Display name.") String name,
        @NonNull @Description("Where alerts are POSTed.") String url,
        @NonNull @Description("JSON or SLACK.") NotifierFormat format,
        @NonNull @Id @Description("The value streams whose alerts it receives.") List<@NonNull String> valueStreamIds,
        @Description("When its receiver last accepted an alert (2xx); null before the first.") Instant lastDeliveryAt,
        @Description("The last failed attempt: what was sent and what went wrong; null once a delivery succeeds after it.")
        String lastError,
        @NonNull @Description("Alert events waiting to be delivered.") int pending) {
}
