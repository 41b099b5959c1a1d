package dev.flowlens.gateway.graphql.type;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A connector as ingest-service answers it (its JSON is this record; the mapping
 * {@code settings} ingest-service adds are not part of the public API and are ignored).
 * It has no token or webhook secret: ingest-service never returns them, and neither does this.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Description("A source of facts (GitHub, GitLab or Jira) that ingest-service pulls and receives webhooks from. "
        + "Its token and webhook secret are write-only and never shown.")
public record Connector(
        @NonNull @Id @Description("Stable identifier (UUID).") String id,
        @NonNull @Description("The tool it reads.") ConnectorKind kind,
        @NonNull @Description("Display name.") String name,
        @NonNull @Description("Base URL of the tool, e.g. https://github.com or https://acme.atlassian.net.") String baseUrl,
        @NonNull @Description("GitHub/GitLab: comma-separated repositories or projects; PagerDuty/Opsgenie: comma-separated service ids; Jenkins: comma-separated job full names; Jira: a JQL filter.") String selector,
        @Description("End of the last successful pull; null before the first one.") Instant lastSyncAt,
        @Description("Why the last pull failed; null when it succeeded or none ran yet.") String lastError,
        @NonNull @Description("URL to configure in the tool's webhook settings (with the webhook secret).") String webhookUrl) {
}
