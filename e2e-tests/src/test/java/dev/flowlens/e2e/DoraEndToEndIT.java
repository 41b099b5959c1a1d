package dev.flowlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowlens.testsupport.Keycloak;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DORA's five metrics (METRICS.md "DORA v2") along the whole path: deployments (with a rollback and a hotfix) and
 * incidents posted to ingest-service's events API, two value streams of the same service saved through the gateway with
 * and without an incident attribution window, and the numbers and the deployments list read back through GraphQL
 * equal to the hand-computed ones.
 */
class DoraEndToEndIT {

    static final String SAVE = """
            mutation($input: ValueStreamInput!) {
              saveValueStream(input: $input) { id incidentAttribution { windowHours } } }""";
    static final String READ = """
            query($id: ID!) {
              valueStream(id: $id) {
                incidentAttribution { windowHours }
                dora(window: {from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z"}) {
                  deployments
                  changeFailureRate { value band }
                  failedDeploymentRecoveryTime { count mean p50 }
                  failedDeploymentRecoveryBand
                  unrecoveredDeployments
                  reworkRate
                }
                deploymentsList(window: {from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z"}) {
                  deploymentId service environment finishedAt failed rework
                  incidents { incidentId rule }
                  rollbackOf recoverySeconds
                }
              }
            }""";

    final String run = "e2e-dora-" + UUID.randomUUID();
    final String service = "svc-" + run;

    String deployment(String id, String finishedAt, String extra) {
        return """
                {"specversion":"1.0","id":"%1$s:dep:%2$s","source":"github/e2e","type":"deployment.finished",
                 "time":"%4$s","data":{"deploymentId":"%1$s:%2$s","service":"%3$s","environment":"production",
                 "status":"success","finishedAt":"%4$s","commitShas":[]%5$s}}"""
                .formatted(run, id, service, finishedAt, extra);
    }

    String incident(String id, String openedAt, String resolvedAt) {
        return """
                {"specversion":"1.0","id":"%1$s:inc:%2$s","source":"pagerduty/e2e","type":"incident.resolved",
                 "time":"%5$s","data":{"incidentId":"%1$s:%2$s","service":"%3$s","openedAt":"%4$s",
                 "resolvedAt":"%5$s","title":"Checkout errors","url":"https://example.pagerduty.com/incidents/%2$s"}}"""
                .formatted(run, id, service, openedAt, resolvedAt);
    }

    /**
     * d1 03-02T10:00; i1 opened 12:00, resolved 14:00 (no cause: 2 h after d1); d2 13:00 (during i1); d3 03-03 hotfix;
     * d4 03-04T10:00; d5 11:00 rolls back d4.
     */
    List<String> scenario() {
        return List.of(
                deployment("d1", "2026-03-02T10:00:00Z", ""),
                incident("i1", "2026-03-02T12:00:00Z", "2026-03-02T14:00:00Z"),
                deployment("d2", "2026-03-02T13:00:00Z", ""),
                deployment("d3", "2026-03-03T10:00:00Z", ",\"hotfix\":true"),
                deployment("d4", "2026-03-04T10:00:00Z", ""),
                deployment("d5", "2026-03-04T11:00:00Z", ",\"rollbackOf\":\"" + run + ":d4\""));
    }

    Map<String, Object> streamInput(String id, Integer windowHours) {
        Map<String, Object> input = new HashMap<>(Map.of("id", id, "name", "DORA " + run,
                "scope", Map.of("services", List.of(service)),
                "stages", List.of(Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE")),
                "doneStatuses", List.of("Done")));
        if (windowHours != null) {
            input.put("incidentAttribution", Map.of("windowHours", windowHours));
        }
        return input;
    }

    @Test
    void deploymentsAndIncidentsPostedToIngestComeBackAsTheFiveDoraMetricsThroughGraphql() {
        List<String> events = new ArrayList<>(scenario());
        events.addAll(scenario());
        Collections.shuffle(events, new Random(7));
        Stack.post(events);

        String admin = Keycloak.user("admin");
        String windowed = "e2e-dora-24h-" + run;
        String explicitOnly = "e2e-dora-0h-" + run;
        JsonPath saved = Stack.graphql(admin, SAVE, Map.of("input", streamInput(windowed, 24)));
        assertThat(saved.getList("errors")).isNull();
        assertThat(saved.getInt("data.saveValueStream.incidentAttribution.windowHours")).isEqualTo(24);
        assertThat(Stack.graphql(admin, SAVE, Map.of("input", streamInput(explicitOnly, null))).getList("errors"))
                .isNull();
        JsonPath refused = Stack.graphql(admin, SAVE, Map.of("input", streamInput("e2e-dora-bad-" + run, 8761)));
        assertThat(refused.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.getString("errors[0].message")).contains("incidentAttribution.windowHours");

        String d = "data.valueStream.dora.";
        JsonPath w = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(admin, READ, Map.of("id", windowed)),
                        r -> r.get("data.valueStream") != null && r.getInt(d + "deployments") == 5
                                && r.getList("data.valueStream.deploymentsList.rollbackOf").contains(run + ":d4")
                                && !r.getList("data.valueStream.deploymentsList[0].incidents").isEmpty());
        assertThat(w.getList("errors")).isNull();
        assertThat(w.getInt("data.valueStream.incidentAttribution.windowHours")).isEqualTo(24);
        // failed: d1 (i1 by the 24 h window), d4 (rolled back by d5): 2 of 5
        assertThat(w.getFloat(d + "changeFailureRate.value")).isEqualTo(0.4f);
        assertThat(w.getString(d + "changeFailureRate.band")).isEqualTo("LOW");
        // d1 recovered by d2 (3 h), d4 by d5 (1 h): p50 = 3600 s (nearest rank), not under an hour: HIGH
        assertThat(w.getInt(d + "failedDeploymentRecoveryTime.count")).isEqualTo(2);
        assertThat(w.getFloat(d + "failedDeploymentRecoveryTime.mean")).isEqualTo(7200f);
        assertThat(w.getFloat(d + "failedDeploymentRecoveryTime.p50")).isEqualTo(3600f);
        assertThat(w.getString(d + "failedDeploymentRecoveryBand")).isEqualTo("HIGH");
        assertThat(w.getInt(d + "unrecoveredDeployments")).isZero();
        // rework: d2 (during i1), d3 (hotfix), d5 (rollback): 3 of 5
        assertThat(w.getFloat(d + "reworkRate")).isEqualTo(0.6f);

        String l = "data.valueStream.deploymentsList.";
        assertThat(w.getList(l + "deploymentId")).containsExactly(run + ":d1", run + ":d2", run + ":d3", run + ":d4",
                run + ":d5");
        assertThat(w.getList(l + "failed")).containsExactly(true, false, false, true, false);
        assertThat(w.getList(l + "rework")).containsExactly(false, true, true, false, true);
        assertThat(w.getList(l + "recoverySeconds", Float.class)).containsExactly(10800f, null, null, 3600f, null);
        assertThat(w.getList(l + "service")).containsOnly(service);
        assertThat(w.getString(l + "finishedAt[0]")).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(w.getList("data.valueStream.deploymentsList[0].incidents"))
                .containsExactly(Map.of("incidentId", run + ":i1", "rule", "WINDOW"));

        // The same deployments without a window: i1 is attributed to nothing; only d4 failed.
        JsonPath e = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(admin, READ, Map.of("id", explicitOnly)),
                        r -> r.get("data.valueStream") != null && r.getInt(d + "deployments") == 5
                                && r.getList("data.valueStream.deploymentsList.rollbackOf").contains(run + ":d4"));
        assertThat(e.getInt("data.valueStream.incidentAttribution.windowHours")).isZero();
        assertThat(e.getFloat(d + "changeFailureRate.value")).isEqualTo(0.2f);
        assertThat(e.getInt(d + "failedDeploymentRecoveryTime.count")).isEqualTo(1);
        assertThat(e.getFloat(d + "reworkRate")).isEqualTo(0.6f);
        assertThat(e.getList("data.valueStream.deploymentsList[0].incidents")).isEmpty();
    }
}
