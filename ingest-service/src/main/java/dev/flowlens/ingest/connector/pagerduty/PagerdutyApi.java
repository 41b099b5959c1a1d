package dev.flowlens.ingest.connector.pagerduty;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** The PagerDuty REST API (v2) endpoints the pull and the connection test ({@link PagerdutyCheck}) read. */
@RegisterRestClient
@ClientHeaderParam(name = "Accept", value = "application/vnd.pagerduty+json;version=2")
interface PagerdutyApi {

    /** Incidents, paged by {@code offset}/{@code limit} ({@code {incidents, limit, offset, more, total}}). */
    @GET
    @Path("/incidents")
    Response incidents(@RestQuery Map<String, String> query);

    /** The account's abilities ({@code {abilities: [...]}}): any valid API key may read them. */
    @GET
    @Path("/abilities")
    Response abilities();

    /** One service ({@code {service: {...}}}); 404 for one the key cannot see. */
    @GET
    @Path("/services/{id}")
    Response service(@PathParam("id") String id);
}
