package dev.flowlens.ingest.connector.gitlab;

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
 * {@code POST /webhooks/gitlab/{connectorId}}: a GitLab delivery (kind in {@code X-Gitlab-Event} and the body's {@code object_kind}; delivery id {@code Idempotency-Key}, else {@code X-Gitlab-Event-UUID}). Authenticated by the tool's
 * signature ({@link GitlabSignature}), not by OIDC.
 */
@Path("/webhooks/gitlab/{connectorId}")
public class GitlabWebhookResource {

    private final WebhookIntake intake;

    public GitlabWebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("connectorId") String connectorId, @Context HttpHeaders headers, byte[] body) {
        return intake.receive(ConnectorKind.GITLAB, connectorId, headers, body == null ? new byte[0] : body,
                GitlabSignature::verify, headers.getHeaderString("X-Gitlab-Event"), deliveryId(headers));
    }

    /** GitLab keeps {@code Idempotency-Key} across its retries; older versions only send the event UUID. */
    private static String deliveryId(HttpHeaders headers) {
        String key = headers.getHeaderString("Idempotency-Key");
        return key != null && !key.isBlank() ? key : headers.getHeaderString("X-Gitlab-Event-UUID");
    }
}
