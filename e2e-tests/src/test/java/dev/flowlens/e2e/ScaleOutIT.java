package dev.flowlens.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowlens.testsupport.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes scales metrics-service out: two instances consume the same queue, each storing only
 * part of the facts. Both must answer exactly the numbers one instance would, whatever they cache.
 */
class ScaleOutIT {

    static final Instant BASE = Instant.parse("2026-02-02T00:00:00Z");
    static final int DONE = 120;
    static final int IN_PROGRESS = 80;
    static final int DEPLOYMENTS = 30;

    @Test
    void twoInstancesOnOneQueueGiveTheNumbersOfOne() {
        String run = "scale-" + UUID.randomUUID();
        String project = "SC" + Long.toHexString(new Random().nextLong() & 0xfffffL).toUpperCase();
        List<String> events = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < DONE + IN_PROGRESS; i++) {
            String item = run + ":" + i;
            Instant created = BASE.plusSeconds(random.nextInt(10 * 86400));
            events.add(upsert(item, project + "-" + i, project, created));
            Instant started = created.plusSeconds(3600 + random.nextInt(86400));
            events.add(move(item, 1, "To Do", "In Progress", started));
            if (i < DONE) {
                Instant review = started.plusSeconds(3600 + random.nextInt(86400));
                events.add(move(item, 2, "In Progress", "In Review", review));
                events.add(move(item, 3, "In Review", "Done", review.plusSeconds(600 + random.nextInt(86400))));
            }
        }
        for (int d = 0; d < DEPLOYMENTS; d++) {
            events.add(deployment(run + ":deploy:" + d, project.toLowerCase() + "-api",
                    BASE.plusSeconds(86400L * (d % 14) + 3600L * d)));
        }
        Collections.shuffle(events, random);
        for (int from = 0; from < events.size(); from += 100) {
            Stack.post(events.subList(from, Math.min(events.size(), from + 100)));
        }

        String id = "scale-" + run;
        JsonPath saved = Stack.graphql(Keycloak.user("admin"),
                "mutation($input: ValueStreamInput!) { saveValueStream(input: $input) { id } }",
                Map.of("input", Map.of("id", id, "name", "Scale-out " + project,
                        "scope", Map.of("projects", List.of(project), "services", List.of(project.toLowerCase() + "-api")),
                        "stages", List.of(
                                Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE"),
                                Map.of("name", "Review", "statuses", List.of("In Review"), "kind", "WAITING")),
                        "doneStatuses", List.of("Done"))));
        assertThat(saved.getList("errors")).isNull();

        String window = "{\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-03-01T00:00:00Z\",\"granularity\":\"DAY\"}";
        String token = Keycloak.gatewayService();
        // Every fact has arrived, through one instance or the other, when the totals are complete.
        for (String base : List.of(Stack.METRICS, Stack.METRICS_2)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonPath flow = internal(base, token, "flow", id, window);
                JsonPath dora = internal(base, token, "dora", id, window);
                return flow.getInt("'" + id + "'.velocity") == DONE && flow.getInt("'" + id + "'.load") == IN_PROGRESS
                        && dora.getInt("'" + id + "'.deployments") == DEPLOYMENTS;
            });
        }
        for (String kind : List.of("flow", "stages", "cumulative-flow", "dora")) {
            Object one = internal(Stack.METRICS, token, kind, id, window).get("'" + id + "'");
            Object two = internal(Stack.METRICS_2, token, kind, id, window).get("'" + id + "'");
            assertThat(two).as(kind + " of the second instance").isEqualTo(one);
        }
        String aging = "{\"valueStreamIds\":[\"" + id + "\"],\"asOf\":\"2026-03-01T00:00:00Z\"}";
        assertThat(post(Stack.METRICS_2, token, "aging-wip", aging).getList("'" + id + "'"))
                .hasSize(IN_PROGRESS)
                .isEqualTo(post(Stack.METRICS, token, "aging-wip", aging).getList("'" + id + "'"));
    }

    static JsonPath internal(String base, String token, String kind, String id, String window) {
        return post(base, token, kind, "{\"valueStreamIds\":[\"" + id + "\"],\"window\":" + window + "}");
    }

    static JsonPath post(String base, String token, String kind, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post(base + "/internal/v1/metrics/" + kind).then().statusCode(200).extract().jsonPath();
    }

    static String upsert(String itemId, String key, String project, Instant created) {
        return """
                {"specversion":"1.0","id":"%1$s:up","source":"jira/scale","type":"workitem.upserted","time":"%4$s",
                 "data":{"itemId":"%1$s","key":"%2$s","itemType":"feature","project":"%3$s","status":"To Do",
                         "createdAt":"%4$s"}}""".formatted(itemId, key, project, created);
    }

    static String move(String itemId, int n, String from, String to, Instant at) {
        return """
                {"specversion":"1.0","id":"%1$s:mv:%2$d","source":"jira/scale","type":"workitem.transitioned",
                 "time":"%5$s","data":{"itemId":"%1$s","fromStatus":"%3$s","toStatus":"%4$s","at":"%5$s"}}"""
                .formatted(itemId, n, from, to, at);
    }

    static String deployment(String id, String service, Instant finished) {
        return """
                {"specversion":"1.0","id":"%1$s","source":"github/scale","type":"deployment.finished","time":"%3$s",
                 "data":{"deploymentId":"%1$s","service":"%2$s","environment":"production","status":"success",
                         "finishedAt":"%3$s","commitShas":["%1$s-sha"]}}""".formatted(id, service, finished);
    }
}
