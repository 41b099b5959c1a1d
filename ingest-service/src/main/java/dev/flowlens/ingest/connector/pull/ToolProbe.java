package dev.flowlens.ingest.connector.pull;

import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * A plain GET of one path of a tool, for the connection tests ({@link ToolCheck}): the tools' "who am I" calls are
 * outside the paths their pull clients are built on. Requests pass the run's {@link ToolHttp} (address guard, the
 * tool's error message) like every pull request.
 */
public final class ToolProbe {

    /** One GET, its path given whole (already encoded). */
    @Path("/")
    interface Api {
        @GET
        @Path("{path: .*}")
        Response get(@PathParam("path") @Encoded String path, @RestQuery Map<String, String> query);
    }

    private final ToolHttp http;
    private final Api api;

    /**
     * @param base the tool's REST base (its host is checked before each request)
     * @param auth the connector's credential header
     */
    public ToolProbe(PullContext context, String tool, URI base, AuthHeader auth, ToolHttp.RateLimitRule rule,
            ToolHttp.ErrorMessage errorMessage) {
        this.http = context.http(tool, base, rule, errorMessage);
        this.api = context.restClient(base).register(auth).build(Api.class);
    }

    /**
     * {@code GET <base>/<path>}: its 2xx answer.
     *
     * @param path relative to the base, without a leading slash, encoded
     * @throws PullFailure with the tool's message when it refuses
     */
    public ToolHttp.Answer get(String path, Map<String, String> query) {
        return http.get("GET /" + path, () -> api.get(path, query));
    }
}
