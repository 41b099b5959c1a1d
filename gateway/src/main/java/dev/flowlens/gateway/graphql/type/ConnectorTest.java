package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** ingest-service's answer to a connection test. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("What testing a connector found, without saving it: ok when every check passed.")
public record ConnectorTest(
        @Description("Every check passed.") boolean ok,
        @NonNull @Description("The checks in order: address, credentials, then one per part of the selector "
                + "(selector <repository, project, service or job>; Jira: selector).") List<@NonNull ConnectorCheck> checks) {
}
