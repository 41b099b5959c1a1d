package dev.flowlens.metrics.api;

import dev.flowlens.internalapi.metrics.Notifier;
import dev.flowlens.internalapi.metrics.NotifierInput;
import dev.flowlens.metrics.notify.NotifierStore;
import dev.flowlens.problem.BadInputException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;

/**
 * Internal API: notifiers, the outgoing webhooks of alerts (docs/internal-api.md). Their secrets go in and never come
 * out; {@code pending}, {@code lastError} and {@code lastDeliveryAt} are the state of their outbox.
 */
@Path("/internal/v1/notifiers")
@RolesAllowed(Roles.SERVICE)
public class NotifierResource {

    private final NotifierStore store;

    public NotifierResource(NotifierStore store) {
        this.store = store;
    }

    @GET
    public Uni<List<Notifier>> list() {
        return store.list();
    }

    @PUT
    public Uni<Notifier> save(NotifierInput input) {
        if (input == null) {
            throw new BadInputException("input", "a notifier is required");
        }
        return store.save(input);
    }

    @DELETE
    @Path("{id}")
    public Uni<Map<String, Boolean>> delete(@PathParam("id") String id) {
        return store.delete(id).map(deleted -> Map.of("deleted", deleted));
    }
}
