package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A run's phase as ingest-service answers it: one listing of one repository or project. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("What a sync reads now: one listing (issues, pulls, merge_requests, deployments, ...) of one repository or "
        + "project, with an estimate where the tool says how many objects the listing holds.")
public record SyncPhase(
        @NonNull @Description("The listing and its scope, as the connector's cursors name it, e.g. issues:acme/payments.") String resource,
        @NonNull @Description("The listing, e.g. issues, merge_requests.") String name,
        @Description("The repository or project read (GitHub, GitLab); null for Jira, which reads the selector's JQL.") String scope,
        @Description("The tool call sent last, e.g. GET /repos/acme/payments/issues.") String endpoint,
        @Description("Objects of this phase fetched so far.") int items,
        @Description("Objects the tool says the listing holds (GitLab X-Total); null when it does not say.") Integer total,
        @Description("When the phase began.") Instant startedAt,
        @Description("When the phase should end at its pace so far; only while running and when total is known.") Instant estimatedEnd) {
}
