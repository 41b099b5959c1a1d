package dev.flowlens.internalapi.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A message of metrics-service's dead-letter queue, as its internal API lists it (that JSON is this record). */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("A flow-events message metrics-service could not turn into facts, waiting in its dead-letter queue "
        + "(metrics.flow-events.dlq) until an admin re-drives it. Its text comes from the tools that sent it: show it "
        + "as text, never as markup.")
public record DeadLetter(
        @Description("CloudEvents id of the message (its ce-id header); null when it has none.") String ceId,
        @NonNull @Description("Routing key it had on the flow.events exchange: its event type, e.g. "
                + "workitem.transitioned.") String routingKey,
        @NonNull @Description("Why the broker dead-lettered it: rejected (not a valid flow event: at once) or "
                + "delivery_limit (storing it failed on every one of its 20 deliveries).") String reason,
        @NonNull @Description("How many times it has been dead-lettered.") Integer deaths,
        @Description("Why it cannot be processed now, when its body tells (not a valid flow event: what is wrong); "
                + "null when nothing in the body explains it.") String error,
        @NonNull @Description("The message body as text, cut after 2,000 characters.") String body) {
}
