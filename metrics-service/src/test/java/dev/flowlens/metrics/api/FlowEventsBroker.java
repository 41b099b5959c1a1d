package dev.flowlens.metrics.api;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flowlens.events.BrokerTopology;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Flow events into the test vhost's flow-events exchange, one CloudEvent a message, persistent and confirmed, as
 * ingest-service's relay sends single events: the tests' way to feed metrics-service through its real consumer.
 */
final class FlowEventsBroker {

    private FlowEventsBroker() {
    }

    /** Publishes each event (CloudEvents JSON text) routed by its type, and waits for the broker's confirms. */
    static void publish(String vhost, List<String> events) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            for (String e : events) {
                JsonPath event = JsonPath.from(e);
                ch.basicPublish(BrokerTopology.FLOW_EVENTS_EXCHANGE, event.getString("type"),
                        new AMQP.BasicProperties.Builder().contentType(BrokerTopology.CLOUDEVENTS_JSON).deliveryMode(2)
                                .headers(Map.of(BrokerTopology.CE_ID_HEADER, event.getString("id"))).build(),
                        e.getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(10_000);
        }
    }
}
