package dev.flowlens.ingest.connector.jira;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** The Jira Cloud REST v3 endpoints the pull reads. */
@RegisterRestClient
@Path("/rest/api/3")
@ClientHeaderParam(name = "Accept", value = "application/json")
interface JiraApi {

    /** The enhanced JQL search (paged by {@code nextPageToken}). */
    @GET
    @Path("/search/jql")
    Response search(@RestQuery Map<String, String> query);

    /** One page of an issue's changelog ({@code startAt}/{@code maxResults}; {@code values}, {@code total}, {@code isLast}). */
    @GET
    @Path("/issue/{issueId}/changelog")
    Response changelog(@PathParam("issueId") String issueId, @RestQuery Map<String, String> query);

    /** The token's user: its {@code timeZone} is the zone JQL dates are read in. */
    @GET
    @Path("/myself")
    Response myself();
}
