package dev.flowlens.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowlens.testsupport.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path a user takes: a real Keycloak token, events posted to ingest-service, a value stream
 * saved through the gateway, and the numbers read back through GraphQL equal to the hand-computed
 * ones (METRICS.md).
 */
class FlowEndToEndIT {

    static final String SAVE = """
            mutation($input: ValueStreamInput!) { saveValueStream(input: $input) { id name stages { name } } }""";
    static final String READ = """
            query($id: ID!) {
              valueStream(id: $id) {
                id name
                flow(window: {from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z", granularity: WEEK}) {
                  velocity load
                  velocitySeries { start end value }
                  loadSeries { start end value }
                  flowTime { count p50 }
                  flowEfficiency
                }
                workItems { total }
              }
            }""";

    static String run;
    static String project;

    @BeforeAll
    static void uniqueRun() {
        run = "e2e-" + UUID.randomUUID();
        project = "E2E" + Long.toHexString(new Random().nextLong() & 0xffffffL).toUpperCase();
    }

    static String upsert(String item, String proj) {
        return """
                {"specversion":"1.0","id":"%1$s:up:%2$s","source":"jira/e2e","type":"workitem.upserted",
                 "time":"2026-03-02T00:00:00Z","subject":"%3$s-%2$s",
                 "data":{"itemId":"%1$s:%2$s","key":"%3$s-%2$s","title":"Item %2$s","itemType":"feature",
                         "project":"%3$s","status":"To Do","createdAt":"2026-03-02T00:00:00Z"}}"""
                .formatted(run, item, proj);
    }

    static String move(String item, int n, String from, String to, String at) {
        return """
                {"specversion":"1.0","id":"%1$s:mv:%2$s:%3$d","source":"jira/e2e","type":"workitem.transitioned",
                 "time":"%6$s","data":{"itemId":"%1$s:%2$s","fromStatus":"%4$s","toStatus":"%5$s","at":"%6$s"}}"""
                .formatted(run, item, n, from, to, at);
    }

    /** A done in the window; B in progress; C in another project; D done, then deleted. */
    static List<String> scenario() {
        return List.of(
                upsert("A", project),
                move("A", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"),
                move("A", 2, "In Progress", "In Review", "2026-03-04T00:00:00Z"),
                move("A", 3, "In Review", "Done", "2026-03-05T00:00:00Z"),
                upsert("B", project),
                move("B", 1, "To Do", "In Progress", "2026-03-06T00:00:00Z"),
                upsert("C", project + "X"),
                move("C", 1, "To Do", "Done", "2026-03-04T00:00:00Z"),
                upsert("D", project),
                move("D", 1, "To Do", "Done", "2026-03-04T00:00:00Z"),
                """
                {"specversion":"1.0","id":"%1$s:del:D","source":"jira/e2e","type":"workitem.deleted",
                 "time":"2026-03-06T00:00:00Z","data":{"itemId":"%1$s:D"}}""".formatted(run));
    }

    static Map<String, Object> streamInput(String id, List<String> groups) {
        return Map.of("id", id, "name", "E2E " + project,
                "scope", Map.of("projects", List.of(project)),
                "stages", List.of(
                        Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE"),
                        Map.of("name", "Review", "statuses", List.of("In Review"), "kind", "WAITING")),
                "doneStatuses", List.of("Done"),
                "visibleToGroups", groups);
    }

    @Test
    void eventsPostedToIngestComeBackAsTheHandComputedNumbersThroughGraphql() {
        // Transitions first, upserts last, with duplicates: arrival order must not matter.
        List<String> events = new ArrayList<>(scenario());
        Collections.reverse(events);
        events.addAll(scenario().subList(0, 4));
        Stack.post(events);

        String admin = Keycloak.user("admin");
        String id = "e2e-stream-" + run;
        JsonPath saved = Stack.graphql(admin, SAVE, Map.of("input", streamInput(id, List.of("payments"))));
        assertThat(saved.getList("errors")).isNull();
        assertThat(saved.getString("data.saveValueStream.id")).isEqualTo(id);

        String alice = Keycloak.user("alice");
        JsonPath first = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(alice, READ, Map.of("id", id)),
                        r -> r.get("data.valueStream") != null && r.getInt("data.valueStream.flow.velocity") == 1
                                && r.getInt("data.valueStream.workItems.total") == 2);
        assertThat(first.getList("errors")).isNull();
        String f = "data.valueStream.flow.";
        // METRICS.md "Flow velocity": only A ends (2026-03-05) inside [03-01, 03-15).
        assertThat(first.getInt(f + "velocity")).isEqualTo(1);
        // "Flow load" at the window's end: B is In Progress (ACTIVE).
        assertThat(first.getInt(f + "load")).isEqualTo(1);
        // Weeks start Monday 00:00 UTC; 2026-03-01 is a Sunday, so the first and the last bucket are cut.
        assertThat(first.getList(f + "velocitySeries.start")).containsExactly(
                "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z");
        assertThat(first.getList(f + "velocitySeries.value", Float.class)).containsExactly(0f, 1f, 0f);
        assertThat(first.getList(f + "loadSeries.value", Float.class)).containsExactly(0f, 1f, 1f);
        // A: flow start 03-03 (In Progress), end 03-05: 172,800 s, half of it active.
        assertThat(first.getFloat(f + "flowTime.p50")).isEqualTo(172800f);
        assertThat(first.getFloat(f + "flowEfficiency")).isEqualTo(0.5f);

        // Re-posting everything, shuffled and duplicated, changes nothing.
        List<String> again = new ArrayList<>(scenario());
        again.addAll(scenario());
        Collections.shuffle(again, new Random(42));
        Stack.post(again);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(alice, READ, Map.of("id", id)).getMap("data").equals(first.getMap("data")));
    }

    @Test
    void aStreamOfAnotherGroupIsAbsentNotForbidden() {
        String admin = Keycloak.user("admin");
        String id = "e2e-ops-" + run;
        Stack.graphql(admin, SAVE, Map.of("input", streamInput(id, List.of("ops"))));

        String list = "{ valueStreams { id } }";
        assertThat(Stack.graphql(admin, list, Map.of()).getList("data.valueStreams.id")).contains(id);
        assertThat(Stack.graphql(Keycloak.user("olga"), list, Map.of()).getList("data.valueStreams.id")).contains(id);
        JsonPath alice = Stack.graphql(Keycloak.user("alice"), list, Map.of());
        assertThat(alice.getList("errors")).isNull();
        assertThat(alice.getList("data.valueStreams.id")).doesNotContain(id);
        JsonPath byId = Stack.graphql(Keycloak.user("alice"), "query($id: ID!) { valueStream(id: $id) { id } }",
                Map.of("id", id));
        assertThat(byId.getList("errors")).isNull();
        assertThat(byId.getMap("data")).containsEntry("valueStream", null);
    }

    @Test
    void noTokenIs401AndAViewerCannotConfigure() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ valueStreams { id } }"))
                .post(Stack.GATEWAY + "/graphql").then().statusCode(401);
        given().auth().oauth2("not.a.token").contentType(ContentType.JSON)
                .body(Map.of("query", "{ valueStreams { id } }"))
                .post(Stack.GATEWAY + "/graphql").then().statusCode(401);
        JsonPath denied = Stack.graphql(Keycloak.user("alice"), SAVE,
                Map.of("input", streamInput("e2e-denied-" + run, List.of())));
        assertThat(denied.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        JsonPath stillAbsent = Stack.graphql(Keycloak.user("admin"), "query($id: ID!) { valueStream(id: $id) { id } }",
                Map.of("id", "e2e-denied-" + run));
        assertThat(stillAbsent.getMap("data")).containsEntry("valueStream", null);
    }

    @Test
    void ingestRefusesCallersWithoutTheIngestRoleAndBadBatches() {
        given().contentType(ContentType.JSON).body("[]").post(Stack.INGEST + "/api/v1/events").then().statusCode(401);
        // a user's token is meant for the gateway (audience); the gateway's service token is meant for ingest-service
        // too, but has the role service, not ingest
        given().auth().oauth2(Keycloak.user("alice")).contentType(ContentType.JSON).body(upsert("Z", project))
                .post(Stack.INGEST + "/api/v1/events").then().statusCode(401);
        given().auth().oauth2(Keycloak.gatewayService()).contentType(ContentType.JSON).body(upsert("Z", project))
                .post(Stack.INGEST + "/api/v1/events").then().statusCode(403);
        String bad = upsert("Y", project).replace("\"feature\"", "\"epic\"");
        given().auth().oauth2(Keycloak.ingest()).contentType(ContentType.JSON).body("[" + bad + "]")
                .post(Stack.INGEST + "/api/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("events[0].data.itemType"))
                .body("violations[0].message", org.hamcrest.Matchers.startsWith("must be one of"));
    }
}
