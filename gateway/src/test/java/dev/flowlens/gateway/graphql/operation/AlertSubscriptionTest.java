package dev.flowlens.gateway.graphql.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flowlens.events.BrokerTopology;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.GraphQLSocket;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * alertRaised over graphql-transport-ws: alert notices published on the real broker's flow.alerts exchange (as
 * metrics-service's AlertAnnouncer writes them) reach the subscribers allowed to see the stream, like flowChanged
 * ({@link FlowChangeSubscriptionTest}); vs-payments is visible to group payments only.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class AlertSubscriptionTest {

    private static final Duration PUSH = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/graphql")
    URI graphql;

    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    @BeforeEach
    void resetStub() {
        MetricsStub.current.reset();
    }

    static String subscription(String streamId) {
        return "subscription { alertRaised(valueStreamId: \"" + streamId
                + "\") { id valueStreamId kind stage itemId since until } }";
    }

    /** A notice as metrics-service writes it: {"alert": {...}, "visibleToGroups": [...]}. */
    static byte[] notice(String stream, String item, String since, String until, String group) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode a = n.putObject("alert").put("id", stream + ":SLE_BREACH:" + item + ":1772582400")
                .put("valueStreamId", stream).put("kind", "SLE_BREACH").putNull("stage").put("itemId", item)
                .put("since", since);
        if (until == null) {
            a.putNull("until");
        } else {
            a.put("until", until);
        }
        n.putArray("visibleToGroups").add(group);
        return n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    void announce(byte[] body) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            ch.basicPublish(BrokerTopology.FLOW_ALERTS_EXCHANGE, "",
                    new AMQP.BasicProperties.Builder().contentType("application/json").build(), body);
            ch.waitForConfirmsOrDie(5_000);
        }
    }

    GraphQLSocket connected(String token) throws Exception {
        GraphQLSocket socket = GraphQLSocket.open(graphql, null);
        socket.init(token);
        assertThat(socket.nextOfType("connection_ack", PUSH)).as("connection_ack").isNotNull();
        return socket;
    }

    /** Publishes until the subscription is live (it subscribes to the feed asynchronously), returns the first push. */
    JsonNode firstPush(GraphQLSocket socket, byte[] notice) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            announce(notice);
            JsonNode m = socket.next(Duration.ofMillis(500));
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    @Test
    void aViewerOfTheStreamsGroupGetsTheRaisedAndTheEndedAlert() throws Exception {
        try (GraphQLSocket alice = connected(Keycloak.alice())) {
            alice.subscribe("1", subscription(MetricsStub.PAYMENTS));

            JsonNode push = firstPush(alice, notice(MetricsStub.PAYMENTS, "PAY-1", "2026-03-04T00:00:00Z", null,
                    "/payments"));

            assertThat(push).as("a push within " + PUSH).isNotNull();
            JsonNode alert = push.path("payload").path("data").path("alertRaised");
            assertThat(alert.path("id").asText()).isEqualTo(MetricsStub.PAYMENTS + ":SLE_BREACH:PAY-1:1772582400");
            assertThat(alert.path("kind").asText()).isEqualTo("SLE_BREACH");
            assertThat(alert.path("itemId").asText()).isEqualTo("PAY-1");
            assertThat(alert.path("since").asText()).isEqualTo("2026-03-04T00:00:00Z");
            assertThat(alert.path("until").isNull()).isTrue();

            // another stream's alert is not pushed here; the end of ours is
            announce(notice("vs-01", "X-1", "2026-03-04T00:00:00Z", null, "/payments"));
            announce(notice(MetricsStub.PAYMENTS, "PAY-1", "2026-03-04T00:00:00Z", "2026-03-05T00:00:00Z",
                    "/payments"));
            JsonNode ended = alice.nextOfType("next", PUSH);
            assertThat(ended.path("payload").path("data").path("alertRaised").path("until").asText())
                    .isEqualTo("2026-03-05T00:00:00Z");
            // a notice the stream's groups no longer allow is not pushed
            announce(notice(MetricsStub.PAYMENTS, "PAY-2", "2026-03-04T00:00:00Z", null, "/ops"));
            assertThat(alice.next(QUIET)).isNull();
        }
    }

    @Test
    void aViewerOutsideTheStreamsGroupsGetsACompleteAndNoPush() throws Exception {
        try (GraphQLSocket olga = connected(Keycloak.olga())) {
            olga.subscribe("1", subscription(MetricsStub.PAYMENTS));
            assertThat(olga.nextOfType("complete", PUSH)).isNotNull();
            announce(notice(MetricsStub.PAYMENTS, "PAY-3", "2026-03-04T00:00:00Z", null, "/payments"));
            assertThat(olga.next(QUIET)).isNull();
        }
    }
}
