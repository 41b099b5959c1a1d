package dev.flowlens.metrics.api;

import dev.flowlens.internalapi.metrics.DeadLetter;
import dev.flowlens.internalapi.metrics.DeadLetterRedrive;
import dev.flowlens.metrics.consumer.DeadLetters;
import dev.flowlens.problem.BadInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * Operations on the dead-letter queue (docs/operations.md "Dead letters"): {@code GET /internal/v1/dead-letters}
 * lists them with why each is there, {@code POST /internal/v1/dead-letters/redrive} sends them to flow.events again.
 * Like all of /internal, only for the gateway's service token (role service): operators list and re-drive dead
 * letters through the gateway's admin GraphQL operations {@code deadLetters} and {@code redriveDeadLetters}.
 */
@Path("/internal/v1/dead-letters")
@RolesAllowed(Roles.SERVICE)
public class DeadLetterResource {

    private static final int MAX = 1_000;

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    public List<DeadLetter> list(@QueryParam("limit") @DefaultValue("100") int limit) throws Exception {
        return deadLetters.list(checked(limit));
    }

    @POST
    @Path("redrive")
    public DeadLetterRedrive redrive(@QueryParam("limit") @DefaultValue("1000") int limit) throws Exception {
        return deadLetters.redrive(checked(limit));
    }

    private static int checked(int limit) {
        if (limit < 1 || limit > MAX) {
            throw BadInputException.of("limit must be between 1 and " + MAX);
        }
        return limit;
    }
}
