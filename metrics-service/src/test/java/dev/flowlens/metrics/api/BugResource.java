package dev.flowlens.metrics.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * Test only (served by the {@code @QuarkusTest} app, never packaged): endpoints with a bug, so
 * {@link ProblemAnswersTest} can show what a caller and the log see when the service fails.
 */
@Path("/internal/v1/test-only/bug")
@RolesAllowed(Roles.SERVICE)
public class BugResource {

    @POST
    @Path("state")
    public String state() {
        throw new IllegalStateException("the cache index is inconsistent (a bug)");
    }

    /** Not a rule the request broke: an {@link IllegalArgumentException} from deep inside is a bug too. */
    @POST
    @Path("argument")
    public String argument() {
        throw new IllegalArgumentException("stages: at most 32767 stages");
    }
}
