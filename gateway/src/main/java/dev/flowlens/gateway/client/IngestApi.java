package dev.flowlens.gateway.client;

import dev.flowlens.gateway.graphql.input.ConnectorInput;
import dev.flowlens.gateway.graphql.type.Connector;
import dev.flowlens.gateway.graphql.type.ConnectorTest;
import dev.flowlens.gateway.graphql.type.SyncRun;
import dev.flowlens.gateway.graphql.type.SyncRunPage;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ingest-service's internal connector API (docs/internal-api.md, "connectors and replay").
 * Every call carries the gateway's service token, like {@link MetricsApi}. Use it through
 * {@link IngestClient}, which adds fault tolerance and error translation.
 */
@Path("/internal/v1/connectors")
@RegisterRestClient(configKey = "ingest")
@OidcClientFilter
@RegisterProvider(IngestErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface IngestApi {

    @GET
    List<Connector> connectors();

    @PUT
    Connector saveConnector(ConnectorInput input);

    /** 202 with the RUNNING run; 409 while a run is going; 404 for an unknown id. */
    @POST
    @Path("/{id}/sync")
    SyncRun syncConnector(@PathParam("id") String id);

    /** The connection test: 200 with the checks whatever they found; 400 for a malformed input. */
    @POST
    @Path("/test")
    ConnectorTest testConnector(ConnectorInput input);

    /** A page of the connector's runs, newest first; 404 for an unknown id, 400 for a bad first or after. */
    @GET
    @Path("/{id}/sync-run-page")
    SyncRunPage syncRuns(@PathParam("id") String id, @QueryParam("first") int first, @QueryParam("after") String after);

    /** The connector's newest run with its progress; 204 (null) before its first run, 404 for an unknown id. */
    @GET
    @Path("/{id}/sync-progress")
    SyncRun syncProgress(@PathParam("id") String id);

    /** {@code {"deleted": false}} when there was no connector with this id. */
    @DELETE
    @Path("/{id}")
    Deleted deleteConnector(@PathParam("id") String id);

    /** Answer of DELETE. */
    record Deleted(boolean deleted) {
    }
}
