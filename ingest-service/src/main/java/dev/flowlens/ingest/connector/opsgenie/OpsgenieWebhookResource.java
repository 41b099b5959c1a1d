package dev.flowlens.ingest.connector.opsgenie;

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
 * {@code POST /webhooks/opsgenie/{connectorId}}: an Opsgenie webhook integration delivery (alert activity; kind in the
 * body's {@code action}). Authenticated by the secret header ({@link OpsgenieSignature}), not by OIDC. Opsgenie sends
 * no delivery id: a delivery sent twice is stored twice, and its events have the same ids (one fact).
 */
@Path("/webhooks/opsgenie/{connectorId}")
public class OpsgenieWebhookResource {

    private final WebhookIntake intake;

    public OpsgenieWebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("connectorId") String connectorId, @Context HttpHeaders headers, byte[] body) {
        return intake.receive(ConnectorKind.OPSGENIE, connectorId, headers, body == null ? new byte[0] : body,
                OpsgenieSignature::verify, null, null);
    }
}
