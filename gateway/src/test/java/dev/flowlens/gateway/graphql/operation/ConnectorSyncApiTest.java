package dev.flowlens.gateway.graphql.operation;

import static dev.flowlens.gateway.IngestStub.GITHUB;
import static dev.flowlens.gateway.IngestStub.JIRA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.IngestStub;
import dev.flowlens.gateway.IngestStubResource;
import dev.flowlens.testsupport.GraphQLSocket;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * testConnector, syncRuns and the syncProgress subscription (issue 24) against {@link IngestStub}, which answers in
 * ingest-service's JSON (docs/internal-api/ingest.json); real Keycloak tokens.
 */
@QuarkusTest
@WithTestResource(IngestStubResource.class)
class ConnectorSyncApiTest {

    private static final Duration PUSH = Duration.ofSeconds(10);
    private static final String RUN_FIELDS = "id status trigger startedAt finishedAt pages items events requests rateLimitWaits "
            + "error phase { resource name scope endpoint items total estimatedEnd } rateLimitWait { reason until }";

    @TestHTTPResource("/graphql")
    URI graphql;

    private IngestStub stub;

    @BeforeEach
    void resetStub() {
        stub = IngestStub.current;
        stub.reset();
    }

    @AfterEach
    void everyCallCarriedTheServiceToken() {
        assertThat(stub.authProblems).isEmpty();
    }

    @Test
    void anAdminTestsAConnectorAndSeesEachCheckWithTheToolsMessage() {
        JsonPath passed = GraphQLCalls.query(Keycloak.admin(), """
                mutation { testConnector(input: {kind: GITHUB, name: "P", baseUrl: "https://github.com", token: "ghp_ok",
                  selector: "acme/payments"}) { ok checks { name ok message } } }""");
        assertThat(passed.getList("errors")).isNull();
        assertThat(passed.getBoolean("data.testConnector.ok")).isTrue();
        assertThat(passed.getList("data.testConnector.checks.name")).containsExactly("address", "credentials", "selector acme/payments");
        assertThat(passed.getString("data.testConnector.checks[1].message")).isEqualTo("accepted for octocat");
        assertThat(stub.bodies("POST /internal/v1/connectors/test").get(0).path("token").asText()).isEqualTo("ghp_ok");

        JsonPath refused = GraphQLCalls.query(Keycloak.admin(), """
                mutation { testConnector(input: {kind: GITHUB, name: "P", baseUrl: "https://github.com", token: "refused",
                  selector: "acme/payments"}) { ok checks { name ok message } } }""");
        assertThat(refused.getBoolean("data.testConnector.ok")).isFalse();
        assertThat(refused.getBoolean("data.testConnector.checks[1].ok")).isFalse();
        assertThat(refused.getString("data.testConnector.checks[1].message")).endsWith(": Bad credentials");
    }

    @Test
    void anAdminPagesThroughTheRunsNewestFirst() {
        JsonPath first = GraphQLCalls.query(Keycloak.admin(),
                "{ syncRuns(connectorId: \"%s\", first: 1) { total nextCursor items { %s } } }".formatted(GITHUB, RUN_FIELDS));
        assertThat(first.getList("errors")).isNull();
        assertThat(first.getInt("data.syncRuns.total")).isEqualTo(3);
        assertThat(first.getString("data.syncRuns.items[0].id")).isEqualTo("run-3");
        assertThat(first.getString("data.syncRuns.items[0].status")).isEqualTo("FAILED");
        assertThat(first.getString("data.syncRuns.items[0].error")).isEqualTo("GET /repos/acme/ledger/issues answered 404");
        assertThat(first.getInt("data.syncRuns.items[0].items")).isEqualTo(40);
        assertThat(first.getString("data.syncRuns.items[0].finishedAt")).isEqualTo("2026-03-02T09:20:00Z");
        String cursor = first.getString("data.syncRuns.nextCursor");
        JsonPath last = GraphQLCalls.query(Keycloak.admin(), "{ syncRuns(connectorId: \"%s\", first: 1, after: \"c2\") { nextCursor items { id events } } }"
                .formatted(GITHUB));
        assertThat(cursor).isEqualTo("c1");
        assertThat(last.getString("data.syncRuns.items[0].id")).isEqualTo("run-1");
        assertThat(last.getInt("data.syncRuns.items[0].events")).isEqualTo(301);
        assertThat(last.getString("data.syncRuns.nextCursor")).isNull();

        JsonPath tooMany = GraphQLCalls.query(Keycloak.admin(), "{ syncRuns(connectorId: \"%s\", first: 101) { total } }".formatted(GITHUB));
        assertThat(tooMany.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        JsonPath unknown = GraphQLCalls.query(Keycloak.admin(), "{ syncRuns(connectorId: \"nope\") { total } }");
        assertThat(unknown.getString("errors[0].extensions.code")).isEqualTo("NOT_FOUND");
        JsonPath viewer = GraphQLCalls.query(Keycloak.alice(), "{ syncRuns(connectorId: \"%s\") { total } }".formatted(GITHUB));
        assertThat(viewer.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    }

    @Test
    void aSubscriberSeesARunningSyncsProgressChangeByChangeAndHowItEnded() throws Exception {
        ObjectNode waiting = IngestStub.run("run-9", "RUNNING", 4, 16, 30);
        waiting.putObject("phase").put("resource", "issues:acme/payments").put("name", "issues").put("scope", "acme/payments")
                .put("endpoint", "GET /repos/acme/payments/issues").put("items", 16).put("total", 40)
                .put("estimatedEnd", "2026-03-02T09:25:00Z");
        waiting.putObject("rateLimitWait").put("reason", "GET /repos/acme/payments/issues answered 403 (X-RateLimit-Remaining: 0)")
                .put("until", "2026-03-02T09:16:00Z");
        ObjectNode going = IngestStub.run("run-9", "RUNNING", 6, 40, 70).put("rateLimitWaits", 1);
        going.putObject("phase").put("resource", "pulls:acme/payments").put("name", "pulls").put("scope", "acme/payments")
                .put("items", 0);
        ObjectNode done = IngestStub.run("run-9", "SUCCEEDED", 8, 52, 90).put("rateLimitWaits", 1);
        stub.progress(waiting, waiting, going, going, going, done);

        try (GraphQLSocket admin = GraphQLSocket.open(graphql, null)) {
            admin.init(Keycloak.admin());
            assertThat(admin.nextOfType("connection_ack", PUSH)).isNotNull();
            admin.subscribe("1", "subscription { syncProgress(connectorId: \"%s\") { %s } }".formatted(GITHUB, RUN_FIELDS));

            JsonNode first = push(admin);
            assertThat(first.path("status").asText()).isEqualTo("RUNNING");
            assertThat(first.path("phase").path("resource").asText()).isEqualTo("issues:acme/payments");
            assertThat(first.path("phase").path("total").asInt()).isEqualTo(40);
            assertThat(first.path("rateLimitWait").path("until").asText()).isEqualTo("2026-03-02T09:16:00Z");
            assertThat(first.path("rateLimitWait").path("reason").asText()).contains("X-RateLimit-Remaining: 0");
            // a state seen twice is pushed once
            JsonNode second = push(admin);
            assertThat(second.path("phase").path("name").asText()).isEqualTo("pulls");
            assertThat(second.path("rateLimitWait").isNull()).isTrue();
            assertThat(second.path("items").asInt()).isEqualTo(40);
            JsonNode last = push(admin);
            assertThat(last.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(last.path("events").asInt()).isEqualTo(90);
            assertThat(notPing(admin, Duration.ofMillis(800))).as("nothing changed: nothing pushed").isNull();
        }
    }

    @Test
    void twoSubscribersOfOneConnectorShareOnePoll() throws Exception {
        // eight different states, one an answer: a poll of its own for each subscriber would split them between the two
        ObjectNode[] states = new ObjectNode[8];
        for (int i = 0; i < states.length; i++) {
            states[i] = IngestStub.run("run-9", i == states.length - 1 ? "SUCCEEDED" : "RUNNING", i + 1, 10 * (i + 1), 20 * (i + 1));
        }
        stub.progress(states);

        try (GraphQLSocket first = GraphQLSocket.open(graphql, null); GraphQLSocket second = GraphQLSocket.open(graphql, null)) {
            first.init(Keycloak.admin());
            second.init(Keycloak.admin());
            assertThat(first.nextOfType("connection_ack", PUSH)).isNotNull();
            assertThat(second.nextOfType("connection_ack", PUSH)).isNotNull();
            String subscription = "subscription { syncProgress(connectorId: \"%s\") { status pages } }".formatted(GITHUB);
            first.subscribe("1", subscription);
            second.subscribe("1", subscription);

            List<Integer> seenFirst = pagesUntilDone(first);
            List<Integer> seenSecond = pagesUntilDone(second);
            assertThat(seenFirst).as("every state, in order").containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(seenSecond).as("the states from the shared poll's next answer on").isNotEmpty()
                    .isEqualTo(seenFirst.subList(seenFirst.size() - seenSecond.size(), seenFirst.size()));
        }
    }

    /** The pages of each pushed state until the run ends. */
    private static List<Integer> pagesUntilDone(GraphQLSocket socket) throws InterruptedException {
        List<Integer> pages = new ArrayList<>();
        JsonNode state;
        do {
            state = push(socket);
            pages.add(state.path("pages").asInt());
        } while (state.path("status").asText().equals("RUNNING"));
        return pages;
    }

    @Test
    void aSubscriptionToAnUnknownConnectorCompletesAtOnceAndAViewerIsRefused() throws Exception {
        try (GraphQLSocket admin = GraphQLSocket.open(graphql, null)) {
            admin.init(Keycloak.admin());
            assertThat(admin.nextOfType("connection_ack", PUSH)).isNotNull();
            admin.subscribe("1", "subscription { syncProgress(connectorId: \"nope\") { id } }");
            JsonNode m = notPing(admin, PUSH);
            assertThat(m).isNotNull();
            assertThat(m.path("type").asText()).as(m.toString()).isEqualTo("complete");
            assertThat(m.path("id").asText()).isEqualTo("1");
            // a connector that never ran pushes nothing
            admin.subscribe("2", "subscription { syncProgress(connectorId: \"%s\") { id } }".formatted(JIRA));
            assertThat(notPing(admin, Duration.ofMillis(800))).isNull();
        }
        try (GraphQLSocket alice = GraphQLSocket.open(graphql, null)) {
            alice.init(Keycloak.alice());
            assertThat(alice.nextOfType("connection_ack", PUSH)).isNotNull();
            alice.subscribe("1", "subscription { syncProgress(connectorId: \"%s\") { id } }".formatted(GITHUB));
            JsonNode m = notPing(alice, PUSH);
            assertThat(m).isNotNull();
            assertThat(m.toString()).contains("FORBIDDEN");
        }
    }

    /** The next message that is not a keep-alive ping, or null when none comes within the time. */
    private static JsonNode notPing(GraphQLSocket socket, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            JsonNode m = socket.next(Duration.ofNanos(left));
            if (m == null || !"ping".equals(m.path("type").asText())) {
                return m;
            }
        }
    }

    private static JsonNode push(GraphQLSocket socket) throws InterruptedException {
        JsonNode m = socket.nextOfType("next", PUSH);
        assertThat(m).as("a push within " + PUSH).isNotNull();
        return m.path("payload").path("data").path("syncProgress");
    }
}
