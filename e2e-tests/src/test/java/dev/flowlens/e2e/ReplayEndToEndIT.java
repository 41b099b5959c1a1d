package dev.flowlens.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowlens.testsupport.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Replay equals fresh ingest, end to end: real Jira webhook bodies (testdata/jira-webhooks) signed and
 * posted to a connector saved through GraphQL, the flow metrics and work items of a value stream
 * over their project read through GraphQL, the connector's raw archive replayed
 * ({@code POST /internal/v1/replay}), and the same GraphQL answer read again once the replayed
 * events went through the broker and metrics-service.
 */
class ReplayEndToEndIT {

    static final String SAVE_CONNECTOR = """
            mutation($input: ConnectorInput!) { saveConnector(input: $input) { id kind webhookUrl } }""";
    static final String SAVE_STREAM = """
            mutation($input: ValueStreamInput!) { saveValueStream(input: $input) { id } }""";
    static final String READ = """
            query($id: ID!) {
              valueStream(id: $id) {
                flow(window: {from: "2015-12-01T00:00:00Z", to: "2017-01-01T00:00:00Z", granularity: MONTH}) {
                  velocity load flowEfficiency
                  velocitySeries { start end value }
                  loadSeries { start end value }
                  flowTime { count p50 }
                }
                workItems(first: 50) { total items { id key status stage createdAt flowStart flowEnd url } }
              }
            }""";
    /** Jira Server deliveries of project TEST (jenkinsci/jira-trigger-plugin): TEST-4 created, TEST-11 edited then done, TEST-12 done, TEST-44 edited. */
    static final List<String> DELIVERIES = List.of(
            "jenkins-jira-trigger-plugin/issue_created.json",
            "jenkins-jira-trigger-plugin/issue_updated_with_comment.json",
            "jenkins-jira-trigger-plugin/issue_updated_fields_updated.json",
            "jenkins-jira-trigger-plugin/issue_updated_status_updated.json",
            "jenkins-jira-trigger-plugin/issue_updated_without_comment.json",
            "jenkins-jira-trigger-plugin/integration/updateStatus.json",
            "jenkins-jira-trigger-plugin/cloud_comment_added.json");

    @Test
    void aReplayOfTheRawArchiveLeavesEveryNumberAsTheFreshIngestMadeIt() throws IOException {
        String admin = Keycloak.user("admin");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String secret = "e2e-jira-secret-" + run;
        // a site of its own (the host names the ids), so that this run's items are this run's only
        JsonPath connector = Stack.graphql(admin, SAVE_CONNECTOR, Map.of("input", Map.of("kind", "JIRA", "name", "e2e replay " + run,
                "baseUrl", "https://e2e-" + run + ".atlassian.net", "webhookSecret", secret, "selector", "project = TEST")));
        assertThat(connector.getList("errors")).isNull();
        String id = connector.getString("data.saveConnector.id");

        int n = 0;
        for (String f : DELIVERIES) {
            byte[] body = Files.readAllBytes(realdata().resolve("jira-webhooks").resolve(f));
            given().header("X-Hub-Signature", "sha256=" + hmac(secret, body)).header("X-Atlassian-Webhook-Identifier", run + "-" + (++n))
                    .contentType(ContentType.JSON).body(body).post(Stack.INGEST + "/webhooks/jira/" + id).then().statusCode(202);
        }

        String stream = "e2e-replay-" + run;
        JsonPath saved = Stack.graphql(admin, SAVE_STREAM, Map.of("input", Map.of("id", stream, "name", "E2E replay " + run,
                "scope", Map.of("projects", List.of("TEST")),
                "stages", List.of(Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE")),
                "doneStatuses", List.of("Done"))));
        assertThat(saved.getList("errors")).isNull();

        // fresh: TEST-11 (done 2016-01-14) and TEST-12 (done 2016-12-08) finished in the window; TEST-4 and TEST-44 are to do
        JsonPath fresh = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(admin, READ, Map.of("id", stream)),
                        r -> r.get("data.valueStream") != null && r.getInt("data.valueStream.workItems.total") == 4
                                && r.getInt("data.valueStream.flow.velocity") == 2);
        assertThat(fresh.getList("errors")).isNull();
        String site = "e2e-" + run;
        assertThat(fresh.getList("data.valueStream.workItems.items.id", String.class)).containsExactlyInAnyOrder(
                "jira:" + site + ":TEST-4", "jira:" + site + ":TEST-11", "jira:" + site + ":TEST-12", "jira:" + site + ":TEST-44");
        assertThat(fresh.getList("data.valueStream.workItems.items.findAll { it.status == 'Done' }.key", String.class))
                .containsExactlyInAnyOrder("TEST-11", "TEST-12");
        assertThat(fresh.getList("data.valueStream.flow.velocitySeries.findAll { it.value > 0 }.start", String.class))
                .containsExactly("2016-01-01T00:00:00Z", "2016-12-01T00:00:00Z");

        // replay the connector's raw archive: every delivery is mapped again and its events published again
        JsonPath replay = given().auth().oauth2(Keycloak.gatewayService()).contentType(ContentType.JSON)
                .body(Map.of("connectorId", id)).post(Stack.INGEST + "/internal/v1/replay").then().statusCode(200).extract().jsonPath();
        assertThat(replay.getLong("payloads")).isEqualTo(DELIVERIES.size());
        assertThat(replay.getLong("events")).isPositive();

        // a sentinel posted after the replay: once metrics-service shows it, the replayed events (queued before it) went through too
        String sentinelProject = "RPL" + run.substring(0, 4).toUpperCase();
        Stack.post(List.of("""
                {"specversion":"1.0","id":"e2e-replay-%1$s:sentinel","source":"jira/e2e","type":"workitem.upserted",
                 "time":"2016-01-02T00:00:00Z","data":{"itemId":"e2e-replay-%1$s:S","key":"%2$s-1","title":"sentinel",
                 "itemType":"feature","project":"%2$s","status":"To Do","createdAt":"2016-01-02T00:00:00Z"}}"""
                .formatted(run, sentinelProject)));
        String sentinelStream = stream + "-sentinel";
        Stack.graphql(admin, SAVE_STREAM, Map.of("input", Map.of("id", sentinelStream, "name", "sentinel " + run,
                "scope", Map.of("projects", List.of(sentinelProject)),
                "stages", List.of(Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE")),
                "doneStatuses", List.of("Done"))));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(admin, READ, Map.of("id", sentinelStream)),
                        r -> r.get("data.valueStream") != null && r.getInt("data.valueStream.workItems.total") == 1);

        // the same answer, and it stays the same
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(admin, READ, Map.of("id", stream)).getMap("data").equals(fresh.getMap("data")));
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's testdata/ (Maven passes the repository's root as flowlens.repository). */
    static Path realdata() {
        Path testdata = Path.of(System.getProperty("flowlens.repository", "..")).toAbsolutePath().normalize()
                .resolve("testdata");
        if (!Files.isDirectory(testdata.resolve("jira-webhooks"))) {
            throw new IllegalStateException("testdata/jira-webhooks not found in " + testdata.getParent()
                    + ": run the e2e tests from the repository with Maven (the pom sets flowlens.repository)");
        }
        return testdata;
    }
}
