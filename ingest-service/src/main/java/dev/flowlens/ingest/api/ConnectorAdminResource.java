package dev.flowlens.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorConfig;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorStore;
import dev.flowlens.ingest.connector.SecretBox;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Connector admin for the gateway ({@code connectors}, {@code saveConnector},
 * {@code syncConnector} of schema.graphql); docs/internal-api.md. Secrets are write-only.
 */
@Path("/internal/v1/connectors")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorAdminResource {

    /** schema.graphql {@code Connector}: never a token or secret. */
    public record Connector(String id, String kind, String name, String baseUrl, String selector, Instant lastSyncAt,
            String lastError, String webhookUrl, JsonNode settings) {
    }

    /** schema.graphql {@code ConnectorInput}, plus the optional mapping {@code settings} (docs/connectors.md). */
    public record ConnectorInput(String id, String kind, String name, String baseUrl, String token, String webhookSecret,
            String selector, JsonNode settings) {
    }

    private final ConnectorStore store;
    private final ConnectorConfig config;

    public ConnectorAdminResource(ConnectorStore store, ConnectorConfig config) {
        this.store = store;
        this.config = config;
    }

    @GET
    public Uni<List<Connector>> list() {
        return store.list().map(all -> all.stream().map(this::view).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> save(ConnectorInput in) {
        if (in == null) {
            return bad("body: a ConnectorInput JSON object is required");
        }
        ConnectorKind kind = ConnectorKind.parse(in.kind()).orElse(null);
        if (kind == null) {
            return bad("kind: must be one of GITHUB, GITLAB, JIRA, got '" + in.kind() + "'");
        }
        for (var f : new String[][] {{"name", in.name()}, {"baseUrl", in.baseUrl()}, {"selector", in.selector()}}) {
            if (f[1] == null || f[1].isBlank()) {
                return bad(f[0] + ": is required");
            }
        }
        if (!in.baseUrl().startsWith("https://") && !in.baseUrl().startsWith("http://")) {
            return bad("baseUrl: must be an http(s) URL, got '" + in.baseUrl() + "'");
        }
        Uni<ConnectorStore.Stored> saved;
        try {
            saved = store.save(new ConnectorStore.Input(in.id(), kind, in.name().trim(), in.baseUrl().trim(), in.token(),
                    in.webhookSecret(), in.selector().trim(), in.settings()));
        } catch (SecretBox.NoKeyException e) {
            return Uni.createFrom().item(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(Map.of("error", e.getMessage())).build());
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        return saved.map(s -> Response.ok(view(s)).build());
    }

    /**
     * Starting a pull is not built yet (issue 4, incremental pull): say so instead of pretending a
     * run started.
     */
    @POST
    @Path("/{id}/sync")
    public Uni<Response> sync(@PathParam("id") String id) {
        return store.find(id).map(found -> found.isEmpty()
                ? Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no connector '" + id + "'")).build()
                : Response.status(Response.Status.NOT_IMPLEMENTED).entity(Map.of("error",
                        "incremental pull is not implemented yet; connector '" + id + "' receives webhooks only")).build());
    }

    private Connector view(ConnectorStore.Stored s) {
        var c = s.settings();
        String base = config.webhookBaseUrl().replaceAll("/+$", "");
        return new Connector(c.id(), c.kind().name(), c.name(), c.baseUrl(), c.selector(), s.lastSyncAt(), s.lastError(),
                base + "/webhooks/" + c.kind().pathName() + "/" + c.id(), c.settingsJson());
    }

    private static Uni<Response> bad(String error) {
        return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", error)).build());
    }
}
