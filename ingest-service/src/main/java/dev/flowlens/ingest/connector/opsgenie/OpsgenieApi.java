package dev.flowlens.ingest.connector.opsgenie;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** The Opsgenie API endpoints the pull and the connection test ({@link OpsgenieCheck}) read. */
@RegisterRestClient
@ClientHeaderParam(name = "Accept", value = "application/json")
interface OpsgenieApi {

    /** Incidents matching a search query, paged by {@code offset}/{@code limit} ({@code {data, paging, totalCount}}). */
    @GET
    @Path("/v1/incidents")
    Response incidents(@RestQuery Map<String, String> query);

    /** One service of the Service API ({@code {data: {id, name, ...}}}); 404 for an unknown one. */
    @GET
    @Path("/v1/services/{id}")
    Response service(@PathParam("id") String id);
}
