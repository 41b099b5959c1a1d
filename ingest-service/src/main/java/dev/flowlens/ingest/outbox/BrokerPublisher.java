package dev.flowlens.ingest.outbox;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flowlens.events.BrokerTopology;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes a batch of events to the {@code flow.events} exchange and waits once for the broker's
 * publisher confirms of the whole batch. A per-message confirm wait (what a messaging emitter with
 * confirms does) costs a broker round trip, and a quorum-queue commit, per event; a batch pays it
 * once. The batch is written in one blocking call on a dedicated thread (the AMQP client is
 * blocking), never on the event loop. Messages are persistent and carry the CloudEvents id in
 * {@code ce-id}. Events of one type travel up to {@code events-per-message} to a message, as a CloudEvents JSON
 * batch: one broker message (and one quorum-queue write) per few hundred events instead of one per event
 * (docs/decisions.md, "Batch messages on flow.events").
 */
@ApplicationScoped
public class BrokerPublisher {

    /** One event to publish: its structured-mode JSON as UTF-8, as the outbox holds it. */
    public record Outgoing(String eventId, String type, byte[] payload) {
    }

    private final ConnectionFactory factory;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-publisher");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;
    private Channel channel;

    public BrokerPublisher(@ConfigProperty(name = "rabbitmq-host") String host,
            @ConfigProperty(name = "rabbitmq-port") int port,
            @ConfigProperty(name = "rabbitmq-username") String user,
            @ConfigProperty(name = "rabbitmq-password") String password,
            @ConfigProperty(name = "flowlens.rabbitmq.vhost") String vhost) {
        factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setConnectionTimeout(5000);
        // Recovery is ours: after any failure the next batch opens a fresh connection and channel.
        factory.setAutomaticRecoveryEnabled(false);
    }

    /**
     * Publishes every event of the batch; completes when the broker confirmed all of them, fails if
     * it did not within {@code timeout} (the caller then leaves them unsent and retries later).
     */
    public Uni<Void> publish(List<Outgoing> batch, int eventsPerMessage, Duration timeout) {
        return Uni.createFrom().<Void>item(() -> {
            publishBlocking(batch, Math.max(1, eventsPerMessage), timeout);
            return null;
        }).runSubscriptionOn(thread);
    }

    private void publishBlocking(List<Outgoing> batch, int eventsPerMessage, Duration timeout) {
        try {
            Channel ch = channel();
            for (List<Outgoing> message : messages(batch, eventsPerMessage)) {
                if (message.size() == 1) {
                    Outgoing e = message.get(0);
                    ch.basicPublish(BrokerTopology.FLOW_EVENTS_EXCHANGE, e.type(), properties(e), e.payload());
                } else {
                    ch.basicPublish(BrokerTopology.FLOW_EVENTS_EXCHANGE, message.get(0).type(),
                            batchProperties(message), batchBody(message));
                }
            }
            ch.waitForConfirmsOrDie(timeout.toMillis());
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // The channel's pending confirms are unknown now: start over on a new connection.
            closeQuietly();
            throw new IllegalStateException("publishing " + batch.size() + " events failed: " + e, e);
        }
    }

    /**
     * Splits a round into messages: events of the same type, in outbox order, at most {@code eventsPerMessage} per
     * message, so the routing key (the type) still says what every event of a message is.
     */
    static List<List<Outgoing>> messages(List<Outgoing> batch, int eventsPerMessage) {
        Map<String, List<Outgoing>> byType = new LinkedHashMap<>();
        for (Outgoing e : batch) {
            byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
        }
        List<List<Outgoing>> messages = new ArrayList<>();
        for (List<Outgoing> ofType : byType.values()) {
            for (int from = 0; from < ofType.size(); from += eventsPerMessage) {
                messages.add(ofType.subList(from, Math.min(ofType.size(), from + eventsPerMessage)));
            }
        }
        return messages;
    }

    /** A JSON array of the events' structured-mode JSON, as stored in the outbox. */
    static byte[] batchBody(List<Outgoing> message) {
        int length = 1 + message.size();
        for (Outgoing e : message) {
            length += e.payload().length;
        }
        byte[] body = new byte[length];
        body[0] = '[';
        int at = 1;
        for (int i = 0; i < message.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] p = message.get(i).payload();
            System.arraycopy(p, 0, body, at, p.length);
            at += p.length;
        }
        body[at] = ']';
        return body;
    }

    private static AMQP.BasicProperties batchProperties(List<Outgoing> message) {
        String first = message.get(0).eventId();
        return new AMQP.BasicProperties.Builder()
                .contentType(BrokerTopology.CLOUDEVENTS_BATCH_JSON)
                .deliveryMode(2)
                .messageId(first)
                .headers(Map.of(BrokerTopology.CE_ID_HEADER, first, BrokerTopology.CE_COUNT_HEADER, message.size()))
                .build();
    }

    private static AMQP.BasicProperties properties(Outgoing e) {
        return new AMQP.BasicProperties.Builder()
                .contentType(BrokerTopology.CLOUDEVENTS_JSON)
                .deliveryMode(2)
                .messageId(e.eventId())
                .headers(Map.of(BrokerTopology.CE_ID_HEADER, e.eventId()))
                .build();
    }

    /** The open channel, or a new connection with the exchange declared and confirms on. */
    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        closeQuietly();
        connection = factory.newConnection("ingest-service outbox relay");
        channel = connection.createChannel();
        channel.exchangeDeclare(BrokerTopology.FLOW_EVENTS_EXCHANGE, "topic", true);
        channel.confirmSelect();
        return channel;
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.abort(2000);
            }
        } finally {
            connection = null;
            channel = null;
        }
    }

    @PreDestroy
    void close() {
        thread.submit(this::closeQuietly);
        thread.shutdown();
    }
}
