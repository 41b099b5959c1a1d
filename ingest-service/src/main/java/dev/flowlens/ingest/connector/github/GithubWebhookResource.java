package dev.flowlens.ingest.connector.github;

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
 * {@code POST /webhooks/github/{connectorId}}: a GitHub delivery (event kind in {@code X-GitHub-Event}, delivery id in {@code X-GitHub-Delivery}). Authenticated by the tool's
 * signature ({@link GithubSignature}), not by OIDC.
 */
@Path("/webhooks/github/{connectorId}")
public class GithubWebhookResource {

    private final WebhookIntake intake;

    public GithubWebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("connectorId") String connectorId, @Context HttpHeaders headers, byte[] body) {
        return intake.receive(ConnectorKind.GITHUB, connectorId, headers, body == null ? new byte[0] : body,
                GithubSignature::verify, headers.getHeaderString("X-GitHub-Event"), headers.getHeaderString("X-GitHub-Delivery"));
    }
}
