package dev.flowlens.metrics.consumer;

import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.metrics.facts.FactStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Turns each message of {@code metrics.flow-events} (one event, or a batch of events of one type) into facts, all
 * of a message in one transaction. Acks only after they are committed. A message that can never be processed (not a valid canonical event) is rejected
 * straight to the dead-letter queue; a failure that may pass (database down) is retried with backoff
 * for {@link ConsumerConfig#retryFor()} while the message stays unacked, then requeued, and the
 * quorum queue's delivery limit dead-letters it if it keeps failing.
 */
@ApplicationScoped
public class FlowEventConsumer {

    static final String CHANNEL = "flow-events";
    private static final Logger LOG = Logger.getLogger(FlowEventConsumer.class);

    private final FactStore facts;
    private final ConsumerConfig config;
    private final Counter stored;
    private final Counter retried;
    private final Counter rejected;

    public FlowEventConsumer(FactStore facts, ConsumerConfig config, MeterRegistry registry) {
        this.facts = facts;
        this.config = config;
        this.retried = Counter.builder("flowlens.facts.retried")
                .description("Tries of storing a fact again after a failure (database unreachable)").register(registry);
        this.stored = Counter.builder("flowlens.facts.stored").description("Events stored as facts").register(registry);
        this.rejected = Counter.builder("flowlens.facts.rejected")
                .description("Messages dead-lettered because they are not valid events").register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<?> message) {
        Decoded decoded;
        try {
            decoded = decode(bytes(message.getPayload()));
        } catch (RuntimeException e) {
            rejected.increment();
            LOG.warnf("dead-lettering a message that is not a valid flow event: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e, Metadata.of(new RabbitMQRejectMetadata(false))));
        }
        List<FlowEvent> events = decoded.events();
        return store(events)
                .onFailure().invoke(f -> retried.increment())
                .onFailure().retry().withBackOff(config.initialBackoff(), config.maxBackoff())
                .expireIn(config.retryFor().toMillis())
                .onItem().transformToUni(refused -> {
                    stored.increment(events.size() - refused.size());
                    RuntimeException invalid = decoded.invalid() != null ? decoded.invalid()
                            : refused.isEmpty() ? null : refused.get(0);
                    if (invalid != null) {
                        // the events that could be stored are; the message goes to the dead-letter queue for the
                        // ones that cannot (a re-drive stores the others again, harmlessly)
                        rejected.increment();
                        LOG.warnf("dead-lettering a message with %d event(s) that cannot be stored (%d stored): %s",
                                (decoded.invalid() != null ? 1 : 0) + refused.size(), events.size() - refused.size(),
                                invalid.getMessage());
                        return Uni.createFrom().completionStage(
                                message.nack(invalid, Metadata.of(new RabbitMQRejectMetadata(false))));
                    }
                    return Uni.createFrom().completionStage(message.ack());
                })
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("could not store %d events (first %s), requeued: %s", events.size(),
                            events.isEmpty() ? "-" : events.get(0).id(), failure.getMessage());
                    return Uni.createFrom().completionStage(
                            message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
                });
    }

    /**
     * Stores the events; the item lists why each event the database refuses for good (a data or constraint error,
     * which no retry can cure) was not stored. Those are found by storing the events one by one after the batch
     * failed that way; the others are stored. A failure that may pass (database unreachable) fails the Uni, so
     * the caller retries the whole message.
     */
    Uni<List<RuntimeException>> store(List<FlowEvent> events) {
        return facts.applyAll(events).replaceWith(List.<RuntimeException>of())
                .onFailure(FlowEventConsumer::permanent).recoverWithUni(batchFailure -> {
                    List<RuntimeException> refused = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (FlowEvent e : events) {
                        chain = chain.chain(() -> facts.apply(e).onFailure(FlowEventConsumer::permanent)
                                .recoverWithUni(f -> {
                                    refused.add(new IllegalArgumentException(
                                            "event " + e.id() + " cannot be stored: " + f.getMessage(), f));
                                    return Uni.createFrom().voidItem();
                                }));
                    }
                    return chain.replaceWith(refused);
                });
    }

    /**
     * A database error no retry can cure: a data exception (class 22), a constraint violation (23) or a program limit
     * exceeded (54, e.g. a value too large for an index).
     */
    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23")
                            || pg.getSqlState().startsWith("54"))) {
                return true;
            }
        }
        return false;
    }

    /** A message's events: the valid ones, and why the first invalid one (if any) is not. */
    record Decoded(List<FlowEvent> events, RuntimeException invalid) {
    }

    /**
     * Reads a message body: one CloudEvents JSON event, or a CloudEvents JSON batch (an array of them).
     *
     * @throws RuntimeException when the body is not JSON, not an event or array, or a single event is invalid
     */
    static Decoded decode(byte[] body) {
        JsonNode root = FlowEventCodec.readTree(body);
        if (root == null || !root.isArray()) {
            return new Decoded(List.of(FlowEventCodec.decode(root)), null);
        }
        List<FlowEvent> events = new ArrayList<>(root.size());
        RuntimeException invalid = null;
        for (int i = 0; i < root.size(); i++) {
            try {
                events.add(FlowEventCodec.decode(root.get(i)));
            } catch (RuntimeException e) {
                if (invalid == null) {
                    invalid = new IllegalArgumentException("event " + i + " of the batch: " + e.getMessage(), e);
                }
            }
        }
        if (events.isEmpty() && invalid == null) {
            invalid = new IllegalArgumentException("an empty batch");
        }
        return new Decoded(events, invalid);
    }

    private static byte[] bytes(Object payload) {
        if (payload instanceof byte[] b) {
            return b;
        }
        if (payload instanceof Buffer b) {
            return b.getBytes();
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer b) {
            return b.getBytes();
        }
        if (payload instanceof JsonObject o) {
            return o.encode().getBytes(StandardCharsets.UTF_8);
        }
        if (payload instanceof JsonArray a) {
            return a.encode().getBytes(StandardCharsets.UTF_8);
        }
        return String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
    }
}
