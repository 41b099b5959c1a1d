package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A rate-limit wait of a running sync, as ingest-service answers it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("A tool's rate limit the sync sits out: why, and until when.")
public record RateLimitWait(
        @NonNull @Description("The answer that asked for the wait: the call, its status and the tool's rate-limit headers, "
                + "e.g. GET /repos/acme/payments/issues answered 403 (X-RateLimit-Remaining: 0, X-RateLimit-Reset: ...).") String reason,
        @NonNull @Description("When the next request goes out.") Instant until) {
}
