package dev.flowlens.metrics.api;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.ValueStreamInput;
import dev.flowlens.metrics.calc.ValueStreams;
import dev.flowlens.metrics.stream.ValueStreamStore;
import dev.flowlens.metrics.view.CacheConfig;
import dev.flowlens.metrics.view.FactCache;
import dev.flowlens.metrics.view.StreamView;
import dev.flowlens.problem.BadInputException;
import dev.flowlens.problem.NotFoundException;
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
 * Internal API: value stream definitions (docs/internal-api.md). A stream is read from the fact cache when it holds
 * it (the gateway looks a stream up on every query, so this is on the hot path), else from the database. A save or
 * delete answers once this instance's cache shows it, so a read after a write on the same instance sees the write;
 * another instance sees it within one cache poll.
 */
@Path("/internal/v1/value-streams")
@RolesAllowed(Roles.SERVICE)
public class ValueStreamResource {

    private final ValueStreamStore store;
    private final FactCache cache;
    private final CacheConfig cacheConfig;

    public ValueStreamResource(ValueStreamStore store, FactCache cache, CacheConfig cacheConfig) {
        this.store = store;
        this.cache = cache;
        this.cacheConfig = cacheConfig;
    }

    @GET
    public Uni<List<ValueStream>> list() {
        return store.list();
    }

    @GET
    @Path("{id}")
    public Uni<ValueStream> get(@PathParam("id") String id) {
        StreamView cached = cache.ready() ? cache.snapshot().streams().get(id) : null;
        if (cached != null) {
            return Uni.createFrom().item(cached.stream());
        }
        return store.byIds(List.of(id)).map(found -> {
            ValueStream vs = found.get(id);
            if (vs == null) {
                throw new NotFoundException("no value stream " + id);
            }
            return vs;
        });
    }

    @PUT
    public Uni<ValueStream> save(ValueStreamInput input) {
        if (input == null) {
            throw new BadInputException("input", "a value stream is required");
        }
        ValueStream stream = ValueStreams.of(input);
        List<String> problems = ValueStreams.validate(ValueStreams.normalized(stream));
        if (!problems.isEmpty()) {
            throw BadInputException.ofAll(problems);
        }
        return store.save(stream).call(this::cacheCaughtUp);
    }

    @DELETE
    @Path("{id}")
    public Uni<Map<String, Boolean>> delete(@PathParam("id") String id) {
        return store.delete(id).call(this::cacheCaughtUp).map(deleted -> Map.of("deleted", deleted));
    }

    /** Completes after the cache's next poll (which sees the write just committed), or after a bounded wait. */
    private Uni<Void> cacheCaughtUp() {
        if (!cache.ready()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(cache::nextPoll).replaceWithVoid().ifNoItem()
                .after(cacheConfig.awaitNewStream()).recoverWithItem((Void) null);
    }
}
