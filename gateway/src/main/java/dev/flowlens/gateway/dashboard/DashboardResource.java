package dev.flowlens.gateway.dashboard;

import dev.flowlens.gateway.config.DashboardConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The two dynamic bits of the reference dashboard, whose files (module {@code dashboard}) are
 * static resources under {@code /dashboard/}: where to log in, and a redirect from the bare path
 * so that relative asset URLs resolve. Public, like the files: the dashboard asks for a token
 * itself, and every GraphQL call it makes still needs one.
 */
@Path("/dashboard")
@PermitAll
public class DashboardResource {

    /** The login settings a browser needs; nothing secret (the client is public). */
    public record LoginSettings(String oidcUrl, String clientId) {
    }

    private final DashboardConfig config;

    public DashboardResource(DashboardConfig config) {
        this.config = config;
    }

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/dashboard/")).build();
    }

    @GET
    @Path("config.json")
    @Produces(MediaType.APPLICATION_JSON)
    public LoginSettings config() {
        return new LoginSettings(config.oidcUrl(), config.clientId());
    }
}
