package dev.flowlens.ingest.connector.jenkins;

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
 * {@code POST /webhooks/jenkins/{connectorId}}: a build notification in the Notification plugin's JSON shape (kind in
 * the body's {@code build.phase}). Authenticated by the secret header ({@link JenkinsSignature}), not by OIDC. Jenkins
 * sends no delivery id: a notification sent twice is stored twice, and its events have the same ids (one fact).
 */
@Path("/webhooks/jenkins/{connectorId}")
public class JenkinsWebhookResource {

    private final WebhookIntake intake;

    public JenkinsWebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("connectorId") String connectorId, @Context HttpHeaders headers, byte[] body) {
        return intake.receive(ConnectorKind.JENKINS, connectorId, headers, body == null ? new byte[0] : body,
                JenkinsSignature::verify, null, null);
    }
}
