package dev.flowlens.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.GraphQLSocket;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, anonymous GraphQL over WebSocket: a socket whose connection_init brings no valid token is closed with 4401
 * Unauthorized and never acknowledged, so no operation runs on it: not introspection, not a query sent as a
 * subscribe, not flowChanged. Real Keycloak tokens; the stream definitions come from {@link MetricsStub}.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class GraphQLSocketAuthenticationTest {

    static final Duration ANSWER = Duration.ofSeconds(10);
    static final String INTROSPECTION = "{ __schema { queryType { name } types { name } } }";
    /** Every kind of operation a socket could run: introspection, a query, the subscription. */
    static final Map<String, String> OPERATIONS = Map.of(
            "introspection", INTROSPECTION,
            "query", "{ valueStreams { id name } }",
            "subscription", "subscription { flowChanged(valueStreamId: \"" + MetricsStub.PAYMENTS + "\") { velocity } }");

    @TestHTTPResource("/graphql")
    URI graphql;

    static void assertClosedUnauthorizedWithNothingElse(List<JsonNode> messages) {
        assertThat(messages).as("only the close: no connection_ack, no next, no error payload").hasSize(1);
        assertThat(messages.get(0).path("code").asInt()).isEqualTo(4401);
        assertThat(messages.get(0).path("reason").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void aConnectionInitWithoutATokenIsClosedUnauthorizedAndNeverAcknowledged() throws Exception {
        for (String init : List.of("{\"type\":\"connection_init\"}", "{\"type\":\"connection_init\",\"payload\":{}}",
                "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":null}}",
                "{\"type\":\"connection_init\",\"payload\":{\"token\":\"" + Keycloak.alice() + "\"}}")) {
            try (GraphQLSocket anonymous = GraphQLSocket.open(graphql, null)) {
                anonymous.send(init);

                assertClosedUnauthorizedWithNothingElse(anonymous.untilClosed(ANSWER));
            }
        }
    }

    @Test
    void aForgedOrNonBearerTokenIsClosedUnauthorized() throws Exception {
        String alice = Keycloak.alice();
        for (String authorization : List.of("Bearer " + alice + "x", "Bearer not-a-jwt", "Bearer ", alice,
                "Basic YWxpY2U6YWxpY2U=")) {
            try (GraphQLSocket forged = GraphQLSocket.open(graphql, null)) {
                forged.send("{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"" + authorization + "\"}}");

                assertClosedUnauthorizedWithNothingElse(forged.untilClosed(ANSWER));
            }
        }
    }

    @Test
    void aSubscribeBeforeConnectionInitIsClosedUnauthorizedUnanswered() throws Exception {
        for (Map.Entry<String, String> op : OPERATIONS.entrySet()) {
            try (GraphQLSocket early = GraphQLSocket.open(graphql, null)) {
                early.subscribe("1", op.getValue());

                List<JsonNode> messages = early.untilClosed(ANSWER);

                assertThat(messages).as(op.getKey()).hasSize(1);
                assertThat(messages.get(0).path("code").asInt()).as(op.getKey()).isEqualTo(4401);
            }
        }
    }

    /** The attack as found: an empty connection_init, then operations without waiting for an answer. */
    @Test
    void noOperationRunsAfterAnAnonymousConnectionInit() throws Exception {
        for (Map.Entry<String, String> op : OPERATIONS.entrySet()) {
            try (GraphQLSocket anonymous = GraphQLSocket.open(graphql, null)) {
                anonymous.init(null);
                anonymous.subscribe("1", op.getValue());
                anonymous.subscribe("2", op.getValue());

                List<JsonNode> messages = anonymous.untilClosed(ANSWER);

                assertThat(messages).as(op.getKey() + ": nothing but the close").hasSize(1);
                assertThat(messages.get(0).path("code").asInt()).isEqualTo(4401);
            }
        }
    }

    /** The older subprotocol the gateway also speaks gets the same answer. */
    @Test
    void theOlderGraphqlWsSubprotocolRefusesAnAnonymousConnectionInitToo() throws Exception {
        try (GraphQLSocket old = GraphQLSocket.open(graphql, null, "graphql-ws")) {
            old.send("{\"type\":\"connection_init\",\"payload\":{}}");
            old.send("{\"type\":\"start\",\"id\":\"1\",\"payload\":{\"query\":\"" + INTROSPECTION + "\"}}");

            assertClosedUnauthorizedWithNothingElse(old.untilClosed(ANSWER));
        }
    }

    @Test
    void aValidTokenInConnectionInitIsAcknowledgedAndItsOperationsAnswered() throws Exception {
        try (GraphQLSocket alice = GraphQLSocket.open(graphql, null)) {
            alice.init(Keycloak.alice());
            assertThat(alice.nextOfType("connection_ack", ANSWER)).as("connection_ack").isNotNull();

            alice.subscribe("1", INTROSPECTION);
            JsonNode answer = alice.nextOfType("next", ANSWER);

            assertThat(answer).as("an answer").isNotNull();
            assertThat(answer.at("/payload/data/__schema/queryType/name").asText()).isEqualTo("Query");
        }
    }

    @Test
    void aValidTokenInTheUpgradeHeaderNeedsNoneInConnectionInit() throws Exception {
        try (GraphQLSocket admin = GraphQLSocket.open(graphql, Keycloak.admin())) {
            admin.init(null);

            assertThat(admin.nextOfType("connection_ack", ANSWER)).as("connection_ack").isNotNull();
        }
    }
}
