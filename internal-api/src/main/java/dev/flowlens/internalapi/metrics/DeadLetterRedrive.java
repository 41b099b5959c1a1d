package dev.flowlens.internalapi.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** What one re-drive did, as metrics-service's internal API answers it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("What one re-drive of dead letters did.")
public record DeadLetterRedrive(
        @NonNull @Description("Dead letters published to flow.events again (confirmed by the broker) and removed "
                + "from the dead-letter queue. One that is still invalid comes back to the queue.") Integer moved,
        @NonNull @Description("Messages left in the dead-letter queue right after the re-drive.") Integer remaining) {
}
