package dev.flowlens.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.EventValidator;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.events.Violation;
import dev.flowlens.ingest.config.IngestConfig;
import dev.flowlens.ingest.outbox.OutboxRelay;
import dev.flowlens.ingest.raw.RawArchive;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/events}: one canonical event or a batch of up to 5,000. A batch is accepted
 * whole (202, after it is committed) or rejected whole (400 naming each bad event).
 */
@Path("/api/v1/events")
public class EventsResource {

    private static final Logger LOG = Logger.getLogger(EventsResource.class);
    private static final int MAX_LISTED_VIOLATIONS = 100;

    private final RawArchive archive;
    private final OutboxRelay relay;
    private final IngestConfig config;

    public EventsResource(RawArchive archive, OutboxRelay relay, IngestConfig config) {
        this.archive = archive;
        this.relay = relay;
        this.config = config;
    }

    /** The answer to a post; {@code violations} only on 400. */
    public record PostResult(Integer accepted, String error, List<String> violations) {
    }

    @POST
    @RolesAllowed(Roles.INGEST)
    @Consumes({MediaType.APPLICATION_JSON, "application/cloudevents+json", "application/cloudevents-batch+json"})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> post(byte[] body) {
        List<JsonNode> events;
        try {
            events = FlowEventCodec.readBatch(body);
        } catch (FlowEventCodec.BatchTooLargeException e) {
            return Uni.createFrom().item(answer(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage(), null));
        } catch (FlowEventCodec.MalformedBodyException e) {
            return Uni.createFrom().item(answer(Response.Status.BAD_REQUEST, e.getMessage(), null));
        }
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            violations.addAll(EventValidator.validate(i, events.get(i)));
        }
        if (!violations.isEmpty()) {
            long badEvents = violations.stream().mapToInt(Violation::index).distinct().count();
            List<String> listed = violations.stream().limit(MAX_LISTED_VIOLATIONS).map(Violation::toString).toList();
            String error = badEvents + " of " + events.size() + " events are invalid; nothing was accepted"
                    + (violations.size() > listed.size() ? " (first " + listed.size() + " problems listed)" : "");
            return Uni.createFrom().item(answer(Response.Status.BAD_REQUEST, error, listed));
        }
        int count = events.size();
        return archive.store("api", body, events)
                .map(rawId -> {
                    relay.wakeUp();
                    return Response.accepted(new PostResult(count, null, null)).build();
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("could not commit %d events: %s", count, failure.getMessage());
                    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                            .header("Retry-After", config.retryAfterSeconds())
                            .entity(Map.of("error", "events could not be stored right now; nothing was accepted, retry later"))
                            .build();
                });
    }

    private static Response answer(Response.Status status, String error, List<String> violations) {
        return Response.status(status).entity(new PostResult(null, error, violations)).build();
    }
}
