package dev.flowlens.ingest.connector.gitlab;

import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The GitLab REST v4 endpoints the pull reads, per project. The project is its URL-encoded path
 * ({@code group%2Fproject}), passed {@link Encoded} so that its {@code %2F} is not encoded again.
 */
@RegisterRestClient
@Path("/api/v4/projects/{project}")
interface GitlabApi {

    @GET
    @Path("/issues")
    Response issues(@PathParam("project") @Encoded String project, @RestQuery Map<String, String> query);

    /** An issue's state changes (closed, reopened) with their times, oldest first. */
    @GET
    @Path("/issues/{iid}/resource_state_events")
    Response issueStateEvents(@PathParam("project") @Encoded String project, @PathParam("iid") long iid,
            @RestQuery Map<String, String> query);

    /** A merge request's notes (comments and system notes such as approvals), oldest first with sort=asc. */
    @GET
    @Path("/merge_requests/{iid}/notes")
    Response mergeRequestNotes(@PathParam("project") @Encoded String project, @PathParam("iid") long iid,
            @RestQuery Map<String, String> query);

    @GET
    @Path("/merge_requests")
    Response mergeRequests(@PathParam("project") @Encoded String project, @RestQuery Map<String, String> query);

    @GET
    @Path("/deployments")
    Response deployments(@PathParam("project") @Encoded String project, @RestQuery Map<String, String> query);

    @GET
    @Path("/pipelines")
    Response pipelines(@PathParam("project") @Encoded String project, @RestQuery Map<String, String> query);

    /** One pipeline with what the listing leaves out ({@code started_at}, {@code finished_at}, ...). */
    @GET
    @Path("/pipelines/{id}")
    Response pipeline(@PathParam("project") @Encoded String project, @PathParam("id") long id);
}
