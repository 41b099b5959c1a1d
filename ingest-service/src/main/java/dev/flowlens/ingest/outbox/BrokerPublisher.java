package dev.flowlens.ingest.outbox;

import com.rabbitmq.client.AMQP;
import dev.flowlens.events.BrokerTopology;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes a batch of events to the {@code flow.events} exchange and waits once for the broker's
 * publisher confirms of the whole batch. A per-message confirm wait (what a messaging emitter with
 * confirms does) costs one broker round trip, and a quorum-queue commit, per event; a batch pays it
 * once. Messages are persistent and carry the CloudEvents id in {@code ce-id}.
 */
@ApplicationScoped
public class BrokerPublisher {

    /** One event to publish. */
    public record Outgoing(String eventId, String type, String payload) {
    }

    private final RabbitMQClient client;

    public BrokerPublisher(Vertx vertx,
            @ConfigProperty(name = "rabbitmq-host") String host,
            @ConfigProperty(name = "rabbitmq-port") int port,
            @ConfigProperty(name = "rabbitmq-username") String user,
            @ConfigProperty(name = "rabbitmq-password") String password,
            @ConfigProperty(name = "flowlens.rabbitmq.vhost") String vhost) {
        RabbitMQOptions options = new RabbitMQOptions()
                .setHost(host).setPort(port).setUser(user).setPassword(password).setVirtualHost(vhost)
                .setAutomaticRecoveryEnabled(false)
                .setReconnectAttempts(0)
                .setConnectionTimeout(5000);
        this.client = RabbitMQClient.create(vertx, options);
    }

    /**
     * Publishes every event of the batch; completes when the broker confirmed all of them, fails if
     * it did not within {@code timeout} (the caller then leaves them unsent and retries later).
     */
    public Uni<Void> publish(List<Outgoing> batch, Duration timeout) {
        return connected()
                .chain(() -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(e -> client.basicPublish(
                                BrokerTopology.FLOW_EVENTS_EXCHANGE, e.type(), properties(e), Buffer.buffer(e.payload())))
                        .collect().last())
                .chain(() -> client.waitForConfirms(timeout.toMillis()))
                .onFailure().call(this::dropConnection);
    }

    private static AMQP.BasicProperties properties(Outgoing e) {
        return new AMQP.BasicProperties.Builder()
                .contentType(BrokerTopology.CLOUDEVENTS_JSON)
                .deliveryMode(2)
                .messageId(e.eventId())
                .headers(Map.of(BrokerTopology.CE_ID_HEADER, e.eventId()))
                .build();
    }

    /** Connects (again) when needed, declares the exchange and turns publisher confirms on. */
    private synchronized Uni<Void> connected() {
        if (client.isConnected() && client.isOpenChannel()) {
            return Uni.createFrom().voidItem();
        }
        return client.start()
                .chain(() -> client.exchangeDeclare(BrokerTopology.FLOW_EVENTS_EXCHANGE, "topic", true, false))
                .chain(client::confirmSelect);
    }

    /** After a failure the channel state (pending confirms) is unknown: start over on a new connection. */
    private Uni<Void> dropConnection(Throwable failure) {
        return client.stop().onFailure().recoverWithNull().replaceWithVoid();
    }

    @PreDestroy
    void close() {
        client.stop().onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(5));
    }
}
