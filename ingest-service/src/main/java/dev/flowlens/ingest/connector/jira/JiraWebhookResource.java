package dev.flowlens.ingest.connector.jira;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.webhook.WebhookIntake;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /webhooks/jira/{connectorId}}: a Jira delivery (kind in the body's {@code webhookEvent}; delivery id {@code X-Atlassian-Webhook-Identifier}, the same on Jira's retries). Authenticated by the tool's
 * signature ({@link JiraSignature}), not by OIDC.
 */
@Path("/webhooks/jira/{connectorId}")
public class JiraWebhookResource {

    private final WebhookIntake intake;

    public JiraWebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("connectorId") String connectorId, @Context HttpHeaders headers, byte[] body) {
        return intake.receive(ConnectorKind.JIRA, connectorId, headers, body == null ? new byte[0] : body,
                JiraSignature::verify, null, headers.getHeaderString("X-Atlassian-Webhook-Identifier"));
    }
}
