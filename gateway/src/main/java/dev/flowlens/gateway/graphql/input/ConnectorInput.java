package dev.flowlens.gateway.graphql.input;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowlens.gateway.graphql.type.ConnectorKind;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A connector to create (no id) or replace (id); sent to ingest-service as is. A null token or
 * webhook secret is left out of the JSON, which keeps the stored one, unless the replace changes
 * kind or baseUrl: ingest-service then asks for them again (BAD_USER_INPUT). {@link #toString()}
 * hides both secrets, so no log line can carry them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Description("A connector to create (without id) or replace (with id). token and webhookSecret are write-only: "
        + "omitted or null keeps the stored value, unless kind or baseUrl changes: then the stored ones must be given again "
        + "(error BAD_USER_INPUT naming the missing ones).")
@Input("ConnectorInput")
public record ConnectorInput(
        @Id @Description("Id of the connector to replace; omit to create one.") String id,
        @NonNull @Description("The tool it reads.") ConnectorKind kind,
        @NonNull @Description("Display name.") String name,
        @NonNull @Description("Base URL of the tool (http or https).") String baseUrl,
        @Description("API token (Jira: <email>:<api token>). Write-only; omit to keep the stored one "
                + "(not when kind or baseUrl changes).") String token,
        @Description("Secret the tool signs its webhooks with. Write-only; omit to keep the "
                + "stored one (not when kind or baseUrl changes).") String webhookSecret,
        @NonNull @Description("GitHub/GitLab: comma-separated repositories or projects; PagerDuty/Opsgenie: comma-separated service ids; Jenkins: comma-separated job full names; Jira: a JQL filter.") String selector) {

    @Override
    public String toString() {
        return "ConnectorInput[id=" + id + ", kind=" + kind + ", name=" + name + ", baseUrl=" + baseUrl + ", token="
                + (token == null ? "null" : "***") + ", webhookSecret=" + (webhookSecret == null ? "null" : "***")
                + ", selector=" + selector + "]";
    }
}
