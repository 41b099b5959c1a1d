package dev.flowlens.gateway.graphql.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flowlens.events.BrokerTopology;
import dev.flowlens.events.FlowChangeNotice;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.GraphQLSocket;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * flowChanged over graphql-transport-ws: notices published on the real broker's flow.changes exchange reach the
 * subscribers allowed to see the stream, authorised like queries (real Keycloak tokens; stream definitions from
 * {@link MetricsStub}: vs-payments is visible to group payments only). Sockets without a valid token:
 * {@link dev.flowlens.gateway.security.GraphQLSocketAuthenticationTest}.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class FlowChangeSubscriptionTest {

    private static final Duration PUSH = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(2);

    @TestHTTPResource("/graphql")
    URI graphql;

    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    @BeforeEach
    void resetStub() {
        MetricsStub.current.reset();
    }

    static String subscription(String streamId) {
        return "subscription { flowChanged(valueStreamId: \"" + streamId + "\") { valueStreamId at velocity load } }";
    }

    void announce(FlowChangeNotice notice) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            ch.basicPublish(BrokerTopology.FLOW_CHANGES_EXCHANGE, "",
                    new AMQP.BasicProperties.Builder().contentType(FlowChangeNotice.CONTENT_TYPE).build(),
                    notice.toJson());
            ch.waitForConfirmsOrDie(5_000);
        }
    }

    /** A socket whose connection_init carried alice's token and was acknowledged. */
    GraphQLSocket connected(String token) throws Exception {
        GraphQLSocket socket = GraphQLSocket.open(graphql, null);
        socket.init(token);
        assertThat(socket.nextOfType("connection_ack", PUSH)).as("connection_ack").isNotNull();
        return socket;
    }

    /** Publishes until the subscription is live (it subscribes to the feed asynchronously), returns the first push. */
    JsonNode firstPush(GraphQLSocket socket, FlowChangeNotice notice) throws Exception {
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
    void aViewerOfTheStreamsGroupGetsEveryPushWithTheNoticesNumbers() throws Exception {
        try (GraphQLSocket alice = connected(Keycloak.alice())) {
            alice.subscribe("1", subscription(MetricsStub.PAYMENTS));
            Instant at = Instant.parse("2026-03-02T10:15:00Z");

            JsonNode push = firstPush(alice, new FlowChangeNotice(MetricsStub.PAYMENTS, at, 12, 7, List.of("payments")));

            assertThat(push).as("a push within " + PUSH).isNotNull();
            assertThat(push.path("type").asText()).isEqualTo("next");
            assertThat(push.path("id").asText()).isEqualTo("1");
            JsonNode change = push.path("payload").path("data").path("flowChanged");
            assertThat(change.path("valueStreamId").asText()).isEqualTo(MetricsStub.PAYMENTS);
            assertThat(change.path("at").asText()).isEqualTo("2026-03-02T10:15:00Z");
            assertThat(change.path("velocity").asInt()).isEqualTo(12);
            assertThat(change.path("load").asInt()).isEqualTo(7);

            // another stream's notice is not pushed on this subscription; the next one of ours is
            announce(new FlowChangeNotice("vs-01", at, 1, 1, List.of()));
            announce(new FlowChangeNotice(MetricsStub.PAYMENTS, at.plusSeconds(1), 13, 6, List.of("payments")));
            JsonNode second = alice.nextOfType("next", PUSH);
            assertThat(second.path("payload").path("data").path("flowChanged").path("velocity").asInt()).isEqualTo(13);
        }
    }

    @Test
    void aViewerOutsideTheStreamsGroupsSeesItAbsentTheSubscriptionCompletesWithoutPushes() throws Exception {
        try (GraphQLSocket olga = connected(Keycloak.olga())) {
            olga.subscribe("1", subscription(MetricsStub.PAYMENTS));

            JsonNode first = olga.nextOfType("complete", PUSH);

            assertThat(first).as("complete, not an error: the stream is absent for olga").isNotNull();
            announce(new FlowChangeNotice(MetricsStub.PAYMENTS, Instant.now(), 1, 1, List.of("payments")));
            assertThat(olga.next(QUIET)).as("nothing after complete").isNull();
        }
    }

    @Test
    void aStreamThatNoLongerAllowsTheViewerIsNotPushedToThem() throws Exception {
        try (GraphQLSocket alice = connected(Keycloak.alice())) {
            alice.subscribe("1", subscription(MetricsStub.PAYMENTS));
            assertThat(firstPush(alice, new FlowChangeNotice(MetricsStub.PAYMENTS, Instant.now(), 1, 1,
                    List.of("payments")))).isNotNull();

            // the stream was re-saved visible to ops only: its notices carry the new groups
            announce(new FlowChangeNotice(MetricsStub.PAYMENTS, Instant.now(), 2, 2, List.of("ops")));

            assertThat(alice.next(QUIET)).as("no push of a stream alice may no longer see").isNull();
        }
    }

    @Test
    void anAdminSeesEveryStreamAndATokenInTheUpgradeHeaderWorksToo() throws Exception {
        try (GraphQLSocket admin = GraphQLSocket.open(graphql, Keycloak.admin())) {
            admin.init(null);
            assertThat(admin.nextOfType("connection_ack", PUSH)).isNotNull();
            admin.subscribe("a", subscription(MetricsStub.OPS));

            JsonNode push = firstPush(admin, new FlowChangeNotice(MetricsStub.OPS, Instant.now(), 3, 4, List.of("ops")));

            assertThat(push.path("payload").path("data").path("flowChanged").path("load").asInt()).isEqualTo(4);
        }
    }

    @Test
    void aTokenWithoutAViewerRoleIsForbidden() throws Exception {
        try (GraphQLSocket noRole = connected(Keycloak.nora())) {
            noRole.subscribe("1", subscription("vs-01"));

            JsonNode answer = noRole.next(PUSH);

            assertThat(answer).as("an answer").isNotNull();
            assertThat(answer.toString()).contains("FORBIDDEN").contains("flowChanged needs the role viewer or admin");
        }
    }

    /** Issue 21, finding 6a: a real token meant for ingest-service (audience) is refused on the socket like a forged one. */
    @Test
    void aTokenMeantForAnotherServiceInConnectionInitClosesTheSocket() throws Exception {
        try (GraphQLSocket elsewhere = GraphQLSocket.open(graphql, null)) {
            elsewhere.init(Keycloak.ingest());

            JsonNode answer = elsewhere.next(PUSH);

            assertThat(answer).as("the server answers a token for another service").isNotNull();
            assertThat(answer.path("type").asText()).isEqualTo("closed");
        }
    }

    @Test
    void anUnknownStreamIsAbsentToo() throws Exception {
        try (GraphQLSocket alice = connected(Keycloak.alice())) {
            alice.subscribe("1", subscription("no-such-stream"));

            assertThat(alice.nextOfType("complete", PUSH)).isNotNull();
        }
    }
}
