package dev.flowlens.ingest.connector.pagerduty;

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
 * {@code POST /webhooks/pagerduty/{connectorId}}: a PagerDuty v3 webhook delivery (kind in the body's
 * {@code event.event_type}; delivery id {@code X-Webhook-Id}). Authenticated by the subscription's signature
 * ({@link PagerdutySignature}), not by OIDC.
 */
@Path("/webhooks/pagerduty/{connectorId}")
public class PagerdutyWebhookResource {

    static final String DELIVERY_HEADER = "X-Webhook-Id";

    private final WebhookIntake intake;

    public PagerdutyWebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("connectorId") String connectorId, @Context HttpHeaders headers, byte[] body) {
        return intake.receive(ConnectorKind.PAGERDUTY, connectorId, headers, body == null ? new byte[0] : body,
                PagerdutySignature::verify, null, headers.getHeaderString(DELIVERY_HEADER));
    }
}
