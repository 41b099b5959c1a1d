package dev.flowlens.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.EventValidator;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.events.Violation;
import dev.flowlens.ingest.config.IngestConfig;
import dev.flowlens.ingest.outbox.OutboxRelay;
import dev.flowlens.ingest.raw.RawArchive;
import dev.flowlens.problem.BadInputException;
import dev.flowlens.problem.Problem;
import dev.flowlens.problem.TooLargeException;
import dev.flowlens.problem.UnavailableException;
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
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/events}: one canonical event or a batch of up to 5,000. A batch is accepted
 * whole (202, after it is committed) or rejected whole (a 400 problem listing each violation of each bad event).
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

    /** The answer to an accepted post: how many events were committed. */
    public record PostResult(int accepted) {
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
            throw new TooLargeException(e.getMessage());
        } catch (FlowEventCodec.MalformedBodyException e) {
            throw BadInputException.of(e.getMessage());
        }
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            violations.addAll(EventValidator.validate(i, events.get(i)));
        }
        if (!violations.isEmpty()) {
            long badEvents = violations.stream().mapToInt(Violation::index).distinct().count();
            List<Problem.Violation> listed = violations.stream().limit(MAX_LISTED_VIOLATIONS)
                    .map(v -> new Problem.Violation("events[" + v.index() + "]." + v.field(), v.message())).toList();
            throw new BadInputException(badEvents + " of " + events.size() + " events are invalid; nothing was accepted"
                    + (violations.size() > listed.size() ? " (first " + listed.size() + " problems listed)" : ""), listed);
        }
        int count = events.size();
        return archive.store("api", body, events)
                .map(rawId -> {
                    relay.wakeUp();
                    return Response.accepted(new PostResult(count)).build();
                })
                .onFailure().transform(failure -> {
                    LOG.errorf("could not commit %d events: %s", count, failure.getMessage());
                    return new UnavailableException("events could not be stored right now; nothing was accepted, retry later",
                            config.retryAfterSeconds());
                });
    }
}
