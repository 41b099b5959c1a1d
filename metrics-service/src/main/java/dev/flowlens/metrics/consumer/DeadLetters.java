package dev.flowlens.metrics.consumer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.flowlens.events.BrokerTopology;
import dev.flowlens.internalapi.metrics.DeadLetter;
import dev.flowlens.internalapi.metrics.DeadLetterRedrive;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The dead-letter queue {@code metrics.flow-events.dlq}, for operators: list what is in it and why, and re-drive it
 * (publish each message again on {@code flow.events} with its routing key, then remove it from the queue) once the
 * cause is fixed. Plain AMQP on a short-lived connection: these are rare, manual operations.
 */
@ApplicationScoped
public class DeadLetters {

    private static final int BODY_SHOWN = 2_000;

    private final ConnectionFactory factory = new ConnectionFactory();

    DeadLetters(@ConfigProperty(name = "rabbitmq-host") String host, @ConfigProperty(name = "rabbitmq-port") int port,
            @ConfigProperty(name = "rabbitmq-username") String user,
            @ConfigProperty(name = "rabbitmq-password") String password,
            @ConfigProperty(name = "flowlens.rabbitmq.vhost") String vhost) {
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setConnectionTimeout(5_000);
    }

    /** Up to {@code limit} dead letters, oldest first; they stay in the queue. */
    public List<DeadLetter> list(int limit) throws IOException, TimeoutException {
        try (Connection c = factory.newConnection("metrics-service dead letters"); Channel ch = c.createChannel()) {
            ch.basicQos(limit);
            List<DeadLetter> out = new ArrayList<>();
            List<Long> tags = new ArrayList<>();
            for (GetResponse r; out.size() < limit
                    && (r = ch.basicGet(BrokerTopology.METRICS_DEAD_LETTER_QUEUE, false)) != null; ) {
                tags.add(r.getEnvelope().getDeliveryTag());
                out.add(describe(r));
            }
            // back into the queue, unchanged: closing the channel would do it too, this says it
            for (long tag : tags) {
                ch.basicNack(tag, false, true);
            }
            return out;
        }
    }

    /** Publishes up to {@code limit} dead letters to flow.events again (confirmed) and removes them from the DLQ. */
    public DeadLetterRedrive redrive(int limit) throws IOException, TimeoutException, InterruptedException {
        try (Connection c = factory.newConnection("metrics-service dead letters"); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            int moved = 0;
            for (GetResponse r; moved < limit
                    && (r = ch.basicGet(BrokerTopology.METRICS_DEAD_LETTER_QUEUE, false)) != null; ) {
                Map<String, Object> headers = new HashMap<>();
                if (r.getProps().getHeaders() != null) {
                    r.getProps().getHeaders().forEach((k, v) -> {
                        if (!k.startsWith("x-")) {
                            headers.put(k, v); // ce-id and ours; not the broker's death records
                        }
                    });
                }
                AMQP.BasicProperties props = r.getProps().builder().headers(headers).deliveryMode(2).build();
                ch.basicPublish(BrokerTopology.FLOW_EVENTS_EXCHANGE, originalRoutingKey(r), props, r.getBody());
                ch.waitForConfirmsOrDie(10_000);
                ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
                moved++;
            }
            long remaining = ch.messageCount(BrokerTopology.METRICS_DEAD_LETTER_QUEUE);
            return new DeadLetterRedrive(moved, (int) remaining);
        }
    }

    private static DeadLetter describe(GetResponse r) {
        Map<String, Object> h = r.getProps().getHeaders() == null ? Map.of() : r.getProps().getHeaders();
        String body = new String(r.getBody(), StandardCharsets.UTF_8);
        String reason = h.get("x-first-death-reason") == null ? "unknown" : h.get("x-first-death-reason").toString();
        int deaths = 0;
        if (h.get("x-death") instanceof List<?> deathList) {
            for (Object d : deathList) {
                if (d instanceof Map<?, ?> m && m.get("count") instanceof Number n) {
                    deaths += n.intValue();
                }
            }
        }
        String error;
        try {
            FlowEventConsumer.Decoded decoded = FlowEventConsumer.decode(r.getBody());
            if (decoded.invalid() != null) {
                error = "not a valid flow event: " + decoded.invalid().getMessage();
            } else {
                error = "rejected".equals(reason) ? null
                        : "valid events that failed to be stored on every delivery (see the service log); re-drive "
                                + "once the cause is fixed";
            }
        } catch (RuntimeException e) {
            error = "not a valid flow event: " + e.getMessage();
        }
        Object ceId = h.get(BrokerTopology.CE_ID_HEADER);
        return new DeadLetter(ceId == null ? null : ceId.toString(), originalRoutingKey(r), reason, deaths, error,
                body.length() > BODY_SHOWN ? body.substring(0, BODY_SHOWN) + "…" : body);
    }

    /** The routing key the message had on flow.events (the DLX keeps it in the death record). */
    private static String originalRoutingKey(GetResponse r) {
        Map<String, Object> h = r.getProps().getHeaders();
        if (h != null && h.get("x-death") instanceof List<?> deaths && !deaths.isEmpty()
                && deaths.get(0) instanceof Map<?, ?> first && first.get("routing-keys") instanceof List<?> keys
                && !keys.isEmpty()) {
            return keys.get(0).toString();
        }
        return r.getEnvelope().getRoutingKey();
    }
}
