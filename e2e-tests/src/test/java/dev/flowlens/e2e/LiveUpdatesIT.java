package dev.flowlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.testsupport.GraphQLSocket;
import dev.flowlens.testsupport.Keycloak;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The whole live path on the running stack: events posted to ingest-service become facts in metrics-service, which
 * announces the stream on flow.changes, and the gateway pushes flowChanged to a dashboard's WebSocket (token in
 * connection_init, as a browser sends it) with the stream's new velocity and load; a viewer of another group gets
 * no push.
 */
class LiveUpdatesIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void postedEventsArePushedToASubscribedDashboard() throws Exception {
        String run = "live-" + UUID.randomUUID();
        String project = "LIVE" + Long.toHexString(new Random().nextLong() & 0xffffffL).toUpperCase();
        String id = UUID.randomUUID().toString();
        Stack.graphql(Keycloak.user("admin"), FlowEndToEndIT.SAVE, Map.of("input", Map.of("id", id,
                "name", "Live " + project, "scope", Map.of("projects", List.of(project)),
                "stages", List.of(Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE")),
                "doneStatuses", List.of("Done"), "visibleToGroups", List.of("payments"))));
        URI graphql = URI.create(Stack.GATEWAY + "/graphql");
        String subscription = "subscription { flowChanged(valueStreamId: \"" + id + "\") { valueStreamId at velocity load } }";

        try (GraphQLSocket alice = GraphQLSocket.open(graphql, null);
                GraphQLSocket olga = GraphQLSocket.open(graphql, null)) {
            alice.init(Keycloak.user("alice"));
            olga.init(Keycloak.user("olga"));
            assertThat(alice.nextOfType("connection_ack", WAIT)).isNotNull();
            assertThat(olga.nextOfType("connection_ack", WAIT)).isNotNull();
            alice.subscribe("live", subscription);
            olga.subscribe("live", subscription);
            assertThat(olga.nextOfType("complete", WAIT)).as("olga: the payments stream is absent").isNotNull();
            Thread.sleep(1_500); // the subscription checks visibility before it listens; events must come after

            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String d10 = now.minus(10, ChronoUnit.DAYS).toString();
            String d3 = now.minus(3, ChronoUnit.DAYS).toString();
            String d1 = now.minus(1, ChronoUnit.DAYS).toString();
            long posted = System.nanoTime();
            Stack.post(List.of(
                    upsert(run, "A", project, d10), move(run, "A", 1, "To Do", "In Progress", d3),
                    move(run, "A", 2, "In Progress", "Done", d1),
                    upsert(run, "B", project, d10), move(run, "B", 1, "To Do", "In Progress", d3)));

            JsonNode change = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode push = alice.nextOfType("next", Duration.ofNanos(deadline - System.nanoTime()));
                if (push == null) {
                    break;
                }
                JsonNode c = push.path("payload").path("data").path("flowChanged");
                if (c.path("velocity").asInt() == 1 && c.path("load").asInt() == 1) {
                    change = c;
                    break;
                }
            }
            long millis = (System.nanoTime() - posted) / 1_000_000;
            assertThat(change).as("a push with velocity 1 and load 1 within " + WAIT).isNotNull();
            System.out.printf("flowChanged: pushed %d ms after the events were accepted by ingest-service%n", millis);
            assertThat(change.path("valueStreamId").asText()).isEqualTo(id);
            assertThat(olga.next(Duration.ofSeconds(1))).as("olga gets nothing").isNull();
        }
    }

    static String upsert(String run, String item, String project, String at) {
        return """
                {"specversion":"1.0","id":"%1$s:up:%2$s","source":"jira/e2e","type":"workitem.upserted","time":"%4$s",
                 "data":{"itemId":"%1$s:%2$s","key":"%3$s-%2$s","title":"Item %2$s","itemType":"feature",
                         "project":"%3$s","status":"To Do","createdAt":"%4$s"}}""".formatted(run, item, project, at);
    }

    static String move(String run, String item, int n, String from, String to, String at) {
        return """
                {"specversion":"1.0","id":"%1$s:mv:%2$s:%3$d","source":"jira/e2e","type":"workitem.transitioned",
                 "time":"%6$s","data":{"itemId":"%1$s:%2$s","fromStatus":"%4$s","toStatus":"%5$s","at":"%6$s"}}"""
                .formatted(run, item, n, from, to, at);
    }
}
