package dev.flowlens.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.testsupport.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 end to end: a Jenkins build notification and PagerDuty v3 webhooks (testdata/jenkins-webhooks,
 * testdata/pagerduty-webhooks) posted to connectors saved through ingest's internal API (their settings,
 * {@code deploymentJobs} and {@code serviceNames}, are not in the GraphQL input), through the broker and
 * metrics-service to a value stream's DORA numbers read through GraphQL: one production deployment, the incident that
 * names it as its cause (change failure rate 1), restored 90 minutes after it opened.
 */
class IncidentToolsEndToEndIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SAVE_STREAM = """
            mutation($input: ValueStreamInput!) { saveValueStream(input: $input) { id } }""";
    static final String DORA = """
            query($id: ID!) {
              valueStream(id: $id) {
                dora(window: {from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", granularity: MONTH}) {
                  deployments
                  changeFailureRate { value }
                  timeToRestore { count p50 }
                }
              }
            }""";

    @Test
    void aJenkinsDeploymentAndThePagerdutyIncidentItCausedGiveTheStreamsDoraNumbers() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String service = "checkout-" + run;
        String jenkinsSecret = "e2e-jenkins-" + run;
        String pagerdutySecret = "e2e-pagerduty-" + run;
        String jenkins = saveConnector(Map.of("kind", "JENKINS", "name", "e2e jenkins " + run, "baseUrl", "https://ci-" + run + ".example.com",
                "selector", "payments/deploy-checkout", "webhookSecret", jenkinsSecret,
                "settings", Map.of("deploymentJobs", List.of(Map.of("job", "payments/deploy-.*", "service", service)))));
        String pagerduty = saveConnector(Map.of("kind", "PAGERDUTY", "name", "e2e pagerduty " + run, "baseUrl", "https://e2e-" + run + ".pagerduty.com",
                "selector", "PF9KMXH", "webhookSecret", pagerdutySecret, "settings", Map.of("serviceNames", Map.of("PF9KMXH", service))));

        // build 7 of payments/deploy-checkout succeeded: started 10:00, 61 s long
        ObjectNode build = (ObjectNode) JSON.readTree(ReplayEndToEndIT.realdata()
                .resolve("jenkins-webhooks/notification-plugin/folder-job-completed-failure.json").toFile());
        ((ObjectNode) build.get("build")).put("status", "SUCCESS").put("timestamp", Instant.parse("2026-01-10T10:00:00Z").toEpochMilli());
        given().header("X-Flowlens-Token", jenkinsSecret).contentType(ContentType.JSON).body(JSON.writeValueAsBytes(build))
                .post(Stack.INGEST + "/webhooks/jenkins/" + jenkins).then().statusCode(202);
        String deployment = "jenkins:ci-" + run + ".example.com:payments/deploy-checkout#7";

        // the incident it caused: triggered 11:00, resolved 12:30
        int n = 0;
        for (String f : List.of("incident.triggered.json", "incident.resolved.json")) {
            ObjectNode body = (ObjectNode) JSON.readTree(ReplayEndToEndIT.realdata().resolve("pagerduty-webhooks/developer-docs/" + f).toFile());
            ObjectNode data = (ObjectNode) body.get("event").get("data");
            data.put("created_at", "2026-01-10T11:00:00Z").put("title", "Checkout errors, caused by deployment " + deployment);
            ((ObjectNode) body.get("event")).put("occurred_at", f.contains("resolved") ? "2026-01-10T12:30:00Z" : "2026-01-10T11:00:00Z");
            byte[] bytes = JSON.writeValueAsBytes(body);
            given().header("X-PagerDuty-Signature", "v1=" + ReplayEndToEndIT.hmac(pagerdutySecret, bytes))
                    .header("X-Webhook-Id", run + "-" + (++n)).contentType(ContentType.JSON).body(bytes)
                    .post(Stack.INGEST + "/webhooks/pagerduty/" + pagerduty).then().statusCode(202);
        }

        String admin = Keycloak.user("admin");
        String stream = "e2e-incidents-" + run;
        JsonPath saved = Stack.graphql(admin, SAVE_STREAM, Map.of("input", Map.of("id", stream, "name", "E2E incidents " + run,
                "scope", Map.of("services", List.of(service)),
                "stages", List.of(Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE")),
                "doneStatuses", List.of("Done"))));
        assertThat(saved.getList("errors")).isNull();

        JsonPath dora = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(admin, DORA, Map.of("id", stream)),
                        r -> r.get("data.valueStream") != null && r.getInt("data.valueStream.dora.deployments") == 1
                                && r.getInt("data.valueStream.dora.timeToRestore.count") == 1);
        assertThat(dora.getList("errors")).isNull();
        assertThat(dora.getDouble("data.valueStream.dora.changeFailureRate.value")).isEqualTo(1.0);
        assertThat(dora.getDouble("data.valueStream.dora.timeToRestore.p50")).isEqualTo(5400.0);
    }

    /** {@code PUT /internal/v1/connectors} as the gateway's service account: the connector's id. */
    static String saveConnector(Map<String, Object> input) throws IOException {
        return given().auth().oauth2(Keycloak.gatewayService()).contentType(ContentType.JSON)
                .body(new String(JSON.writeValueAsBytes(input), StandardCharsets.UTF_8))
                .put(Stack.INGEST + "/internal/v1/connectors").then().statusCode(200).extract().path("id");
    }
}
