package dev.flowlens.metrics.api;

import dev.flowlens.metrics.calc.ValueStream;
import dev.flowlens.metrics.stream.ValueStreamStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;

/** Internal API: value stream definitions (docs/internal-api.md). */
@Path("/internal/v1/value-streams")
@RolesAllowed(Roles.SERVICE)
public class ValueStreamResource {

    private final ValueStreamStore store;

    public ValueStreamResource(ValueStreamStore store) {
        this.store = store;
    }

    @GET
    public Uni<List<ValueStream>> list() {
        return store.list();
    }

    @GET
    @Path("{id}")
    public Uni<ValueStream> get(@PathParam("id") String id) {
        return store.byIds(List.of(id)).map(found -> {
            ValueStream vs = found.get(id);
            if (vs == null) {
                throw new NotFoundException("no value stream " + id);
            }
            return vs;
        });
    }

    @PUT
    public Uni<ValueStream> save(ValueStream input) {
        if (input == null) {
            throw new IllegalArgumentException("input: a value stream is required");
        }
        return store.save(input);
    }

    @DELETE
    @Path("{id}")
    public Uni<Map<String, Boolean>> delete(@PathParam("id") String id) {
        return store.delete(id).map(deleted -> Map.of("deleted", deleted));
    }
}
