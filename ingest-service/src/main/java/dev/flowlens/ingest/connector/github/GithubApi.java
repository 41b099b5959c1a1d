package dev.flowlens.ingest.connector.github;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The GitHub REST endpoints the pull reads (API version 2022-11-28). Built per connector by
 * {@link GithubClient} with the connector's API base URL; answers are read raw (status, paging and
 * rate-limit headers, body), so no status is turned into an exception here.
 */
@RegisterRestClient
@Path("/repos/{owner}/{repo}")
@ClientHeaderParam(name = "Accept", value = "application/vnd.github+json")
@ClientHeaderParam(name = "X-GitHub-Api-Version", value = "2022-11-28")
interface GithubApi {

    @GET
    @Path("/issues")
    Response issues(@PathParam("owner") String owner, @PathParam("repo") String repo, @RestQuery Map<String, String> query);

    @GET
    @Path("/pulls")
    Response pulls(@PathParam("owner") String owner, @PathParam("repo") String repo, @RestQuery Map<String, String> query);

    @GET
    @Path("/pulls/{number}/commits")
    Response pullCommits(@PathParam("owner") String owner, @PathParam("repo") String repo, @PathParam("number") long number,
            @RestQuery Map<String, String> query);

    @GET
    @Path("/pulls/{number}/reviews")
    Response pullReviews(@PathParam("owner") String owner, @PathParam("repo") String repo, @PathParam("number") long number,
            @RestQuery Map<String, String> query);

    @GET
    @Path("/deployments")
    Response deployments(@PathParam("owner") String owner, @PathParam("repo") String repo, @RestQuery Map<String, String> query);

    /** Workflow runs, newest created first, as {@code {"total_count", "workflow_runs": [...]}}. */
    @GET
    @Path("/actions/runs")
    Response workflowRuns(@PathParam("owner") String owner, @PathParam("repo") String repo, @RestQuery Map<String, String> query);

    @GET
    @Path("/deployments/{id}/statuses")
    Response deploymentStatuses(@PathParam("owner") String owner, @PathParam("repo") String repo, @PathParam("id") long id,
            @RestQuery Map<String, String> query);
}
