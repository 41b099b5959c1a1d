package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** One check of a connection test. */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("One check of testConnector.")
public record ConnectorCheck(
        @NonNull @Description("address, credentials, or selector <part>.") String name,
        @Description("Whether it passed.") boolean ok,
        @Description("On failure the tool's own error message (or why the check was not run); on success a detail, e.g. "
                + "the user the token belongs to. Text from the tool: show it as text.") String message) {
}
