package dev.flowlens.ingest.connector.jenkins;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** The Jenkins JSON API of one job (the client's base URL is the job's URL, {@code <baseUrl>/job/a/job/b}). */
@RegisterRestClient
@ClientHeaderParam(name = "Accept", value = "application/json")
interface JenkinsApi {

    /** The job with the builds the {@code tree} names ({@code allBuilds[...]{from,to}}, newest first). */
    @GET
    @Path("/api/json")
    Response job(@RestQuery("tree") String tree);
}
