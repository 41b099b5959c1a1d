package dev.flowlens.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowlens.testsupport.Keycloak;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Code review and idea to production (METRICS.md "Delivery", "Idea to production") through the running stack: the
 * v2 events posted to ingest-service (change.opened with readyForReviewAt, change.merged, change.reviewed,
 * change.closed, deployment.finished), a value stream saved through the gateway, and delivery, toProduction and
 * WorkItem.deliveredAt/changeIds read back through GraphQL equal to the hand-computed numbers, whatever the order.
 */
class DeliveryEndToEndIT {

    static final String READ = """
            query($id: ID!) {
              valueStream(id: $id) {
                delivery(window: {from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z", granularity: WEEK}) {
                  merged unreviewedShare slowestPhase
                  codingTime { count p50 } pickupTime { count p50 } reviewTime { count p50 }
                  deployTime { count p50 } timeToMerge { count p50 }
                }
                toProduction(window: {from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z", granularity: WEEK}) {
                  delivered releaseQueue ideaToProduction { count p50 } doneToProduction { count p50 }
                }
                workItems { items { key deliveredAt changeIds } }
              }
            }""";

    static String event(String id, String type, String time, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"github/e2e","type":"%s","time":"%s","data":%s}"""
                .formatted(id, type, time, data);
    }

    @Test
    void reviewsAndDeploymentsComeBackAsTheHandComputedDeliveryNumbers() {
        String run = "e2e-" + UUID.randomUUID();
        String project = "DL" + Long.toHexString(new Random().nextLong() & 0xffffffL).toUpperCase();
        String repo = "acme/" + run;
        String service = "svc-" + run;
        String change = "github:" + repo + "#1";
        String key = project + "-1";
        List<String> events = List.of(
                event(run + ":up", "workitem.upserted", "2026-03-02T00:00:00Z", """
                        {"itemId":"%1$s:A","key":"%2$s","title":"A","itemType":"feature","project":"%3$s",
                         "status":"To Do","createdAt":"2026-03-02T00:00:00Z"}""".formatted(run, key, project)),
                event(run + ":mv1", "workitem.transitioned", "2026-03-03T00:00:00Z", """
                        {"itemId":"%s:A","fromStatus":"To Do","toStatus":"In Progress","at":"2026-03-03T00:00:00Z"}"""
                        .formatted(run)),
                event(run + ":mv2", "workitem.transitioned", "2026-03-05T00:00:00Z", """
                        {"itemId":"%s:A","fromStatus":"In Progress","toStatus":"Done","at":"2026-03-05T00:00:00Z"}"""
                        .formatted(run)),
                // readyForReviewAt only on change.opened: it still counts (merged gives none)
                event(run + ":open", "change.opened", "2026-03-03T00:00:00Z", """
                        {"changeId":"%s","repository":"%s","author":"alice","createdAt":"2026-03-03T00:00:00Z",
                         "readyForReviewAt":"2026-03-03T02:00:00Z","workItemKeys":[" %s "]}"""
                        .formatted(change, repo, key.toLowerCase())),
                event(run + ":merge", "change.merged", "2026-03-04T00:00:00Z", """
                        {"changeId":"%s","repository":"%s","author":"alice","createdAt":"2026-03-03T00:00:00Z",
                         "firstCommitAt":"2026-03-02T22:00:00Z","mergedAt":"2026-03-04T00:00:00Z",
                         "mergeCommitSha":"abc%s","workItemKeys":["%s"]}"""
                        .formatted(change, repo, run.substring(4, 12), key)),
                // the author's own review does not count; nor does a review after the merge
                review(run, change, repo, "1", "alice", "commented", "2026-03-03T03:00:00Z"),
                review(run, change, repo, "2", "bob", "approved", "2026-03-03T06:00:00Z"),
                review(run, change, repo, "3", "carol", "commented", "2026-03-04T01:00:00Z"),
                // another change closed without merging: stored, counted nowhere
                event(run + ":close", "change.closed", "2026-03-04T00:00:00Z", """
                        {"changeId":"%s#2","repository":"%s","closedAt":"2026-03-04T00:00:00Z"}"""
                        .formatted(change, repo)),
                event(run + ":deploy", "deployment.finished", "2026-03-04T06:00:00Z", """
                        {"deploymentId":"%s:d1","service":"%s","environment":"production","status":"success",
                         "finishedAt":"2026-03-04T06:00:00Z","commitShas":["abc%s"]}"""
                        .formatted(run, service, run.substring(4, 12))));
        List<String> shuffled = new ArrayList<>(events);
        Collections.reverse(shuffled);
        shuffled.addAll(events.subList(5, 8));
        Stack.post(shuffled);

        String id = "e2e-delivery-" + run;
        JsonPath saved = Stack.graphql(Keycloak.user("admin"), FlowEndToEndIT.SAVE, Map.of("input", Map.of(
                "id", id, "name", "E2E delivery " + project,
                "scope", Map.of("projects", List.of(project), "repositories", List.of(repo),
                        "services", List.of(service)),
                "stages", List.of(Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE")),
                "doneStatuses", List.of("Done"),
                "visibleToGroups", List.of())));
        assertThat(saved.getList("errors")).isNull();

        String alice = Keycloak.user("alice");
        JsonPath r = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(alice, READ, Map.of("id", id)),
                        j -> j.get("data.valueStream") != null && j.getInt("data.valueStream.delivery.merged") == 1
                                && j.getInt("data.valueStream.delivery.pickupTime.count") == 1
                                && j.getInt("data.valueStream.toProduction.delivered") == 1);
        assertThat(r.getList("errors")).isNull();
        String d = "data.valueStream.delivery.";
        assertThat(r.getFloat(d + "unreviewedShare")).isZero();
        // coding: ready 03-03T02:00 - first commit 03-02T22:00 = 4 h
        assertThat(r.getFloat(d + "codingTime.p50")).isEqualTo(14400f);
        // pickup: bob's review 03-03T06:00 - ready 03-03T02:00 = 4 h
        assertThat(r.getFloat(d + "pickupTime.p50")).isEqualTo(14400f);
        // review: merged 03-04T00:00 - 03-03T06:00 = 18 h
        assertThat(r.getFloat(d + "reviewTime.p50")).isEqualTo(64800f);
        // deploy: 03-04T06:00 - merged 03-04T00:00 = 6 h
        assertThat(r.getFloat(d + "deployTime.p50")).isEqualTo(21600f);
        // time to merge: 03-04T00:00 - first commit 03-02T22:00 = 26 h
        assertThat(r.getFloat(d + "timeToMerge.p50")).isEqualTo(93600f);
        assertThat(r.getString(d + "slowestPhase")).isEqualTo("review");
        String p = "data.valueStream.toProduction.";
        // idea to production: 03-04T06:00 - created 03-02T00:00 = 54 h; done (03-05) after production: 0
        assertThat(r.getFloat(p + "ideaToProduction.p50")).isEqualTo(194400f);
        assertThat(r.getFloat(p + "doneToProduction.p50")).isZero();
        assertThat(r.getInt(p + "releaseQueue")).isZero();
        assertThat(r.getString("data.valueStream.workItems.items[0].deliveredAt")).isEqualTo("2026-03-04T06:00:00Z");
        assertThat(r.getList("data.valueStream.workItems.items[0].changeIds")).containsExactly(change);
    }

    static String review(String run, String change, String repo, String n, String reviewer, String state,
            String at) {
        return event(run + ":review:" + n, "change.reviewed", at, """
                {"reviewId":"%1$s:review:%2$s","changeId":"%1$s","repository":"%3$s","reviewer":"%4$s",
                 "state":"%5$s","submittedAt":"%6$s"}""".formatted(change, n, repo, reviewer, state, at));
    }
}
