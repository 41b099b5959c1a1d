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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 25 end to end through the tools' webhooks (METRICS.md "Delivery", "Idea to production"): signed GitHub
 * deliveries built from the octokit payloads the GitHub mapper tests use (testdata/github-webhooks), posted to a
 * GitHub connector saved through ingest's internal API, through the broker and metrics-service to the stream's
 * {@code delivery}, {@code toProduction} and {@code WorkItem.deliveredAt} read through GraphQL. The work item the pull
 * request names is posted through the events API (a Jira connector's webhook bodies carry Jira's fixed project keys,
 * which other e2e tests' streams count).
 *
 * <p>Times (all 2026-04): work item created 03 00:00, In Progress 06 08:00; pull request opened as a draft 06 09:00,
 * ready for review 06 10:30; the author's own review 06 11:00 (does not count); the reviewer's approval 06 14:00;
 * merged 07 08:00; item Done 07 08:30; the merge commit deployed to production 07 09:15.
 */
class DeliveryWebhookEndToEndIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String WINDOW = "{from: \"2026-04-01T00:00:00Z\", to: \"2026-04-15T00:00:00Z\", granularity: WEEK}";
    static final String READ = """
            query($id: ID!) {
              valueStream(id: $id) {
                delivery(window: %1$s) {
                  merged unreviewedShare slowestPhase
                  codingTime { count } pickupTime { count p50 } reviewTime { count p50 }
                  deployTime { count p50 } timeToMerge { count p50 }
                }
                toProduction(window: %1$s) {
                  delivered releaseQueue ideaToProduction { count p50 } doneToProduction { count p50 }
                }
                workItems { items { key deliveredAt changeIds } }
              }
            }""".formatted(WINDOW);

    @Test
    void githubWebhooksOfADraftPullRequestItsReviewMergeAndDeploymentGiveTheHandComputedDeliveryNumbers()
            throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String repo = "acme/e2e-delivery-" + run;
        String project = "DW" + Long.toHexString(new Random().nextLong() & 0xffffffL).toUpperCase();
        String key = project + "-1";
        String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
        String secret = "e2e-github-" + run;
        String github = IncidentToolsEndToEndIT.saveConnector(Map.of("kind", "GITHUB", "name", "e2e github " + run,
                "baseUrl", "https://github-" + run + ".example.com", "selector", repo, "webhookSecret", secret));

        // the work item the pull request's title names
        Stack.post(List.of(
                DeliveryEndToEndIT.event(run + ":up", "workitem.upserted", "2026-04-03T00:00:00Z", """
                        {"itemId":"e2e-%1$s:A","key":"%2$s","title":"A","itemType":"feature","project":"%3$s",
                         "status":"To Do","createdAt":"2026-04-03T00:00:00Z"}""".formatted(run, key, project)),
                DeliveryEndToEndIT.event(run + ":mv1", "workitem.transitioned", "2026-04-06T08:00:00Z", """
                        {"itemId":"e2e-%s:A","fromStatus":"To Do","toStatus":"In Progress","at":"2026-04-06T08:00:00Z"}"""
                        .formatted(run)),
                DeliveryEndToEndIT.event(run + ":mv2", "workitem.transitioned", "2026-04-07T08:30:00Z", """
                        {"itemId":"e2e-%s:A","fromStatus":"In Progress","toStatus":"Done","at":"2026-04-07T08:30:00Z"}"""
                        .formatted(run))));

        String title = key + " Update the README with new information.";
        // pull request #2 opened as a draft at 09:00, marked ready for review at 10:30
        ObjectNode opened = payload("pull_request/opened.payload.json", repo);
        pullRequest(opened).put("draft", true).put("title", title)
                .put("created_at", "2026-04-06T09:00:00Z").put("updated_at", "2026-04-06T09:00:00Z");
        send(github, secret, "pull_request", run + "-1", opened);
        ObjectNode ready = payload("pull_request/ready_for_review.payload.json", repo);
        pullRequest(ready).put("title", title)
                .put("created_at", "2026-04-06T09:00:00Z").put("updated_at", "2026-04-06T10:30:00Z");
        send(github, secret, "pull_request", run + "-2", ready);

        // the author's (Codertocat's) own comment at 11:00 does not count; Hubot approves at 14:00
        ObjectNode own = payload("pull_request_review/submitted.payload.json", repo);
        ((ObjectNode) own.get("review")).put("submitted_at", "2026-04-06T11:00:00Z");
        send(github, secret, "pull_request_review", run + "-3", own);
        ObjectNode approval = payload("pull_request_review/submitted.payload.json", repo);
        ObjectNode review = (ObjectNode) approval.get("review");
        review.put("id", 237895672L).put("state", "approved").put("submitted_at", "2026-04-06T14:00:00Z");
        ((ObjectNode) review.get("user")).put("login", "Hubot").put("id", 7L);
        send(github, secret, "pull_request_review", run + "-4", approval);

        // merged at 07 08:00 with merge commit <sha>
        ObjectNode closed = payload("pull_request/closed.payload.json", repo);
        pullRequest(closed).put("title", title).put("created_at", "2026-04-06T09:00:00Z")
                .put("updated_at", "2026-04-07T08:00:00Z").put("closed_at", "2026-04-07T08:00:00Z")
                .put("merged_at", "2026-04-07T08:00:00Z").put("merged", true).put("merge_commit_sha", sha);
        send(github, secret, "pull_request", run + "-5", closed);

        // <sha> deployed to production: status success at 07 09:15
        ObjectNode deployed = payload("deployment_status/payload.json", repo);
        ((ObjectNode) deployed.get("deployment")).put("sha", sha).put("created_at", "2026-04-07T09:10:00Z");
        ((ObjectNode) deployed.get("deployment_status")).put("created_at", "2026-04-07T09:15:00Z")
                .put("updated_at", "2026-04-07T09:15:00Z");
        send(github, secret, "deployment_status", run + "-6", deployed);

        String admin = Keycloak.user("admin");
        String stream = "e2e-delivery-webhooks-" + run;
        JsonPath saved = Stack.graphql(admin, FlowEndToEndIT.SAVE, Map.of("input", Map.of(
                "id", stream, "name", "E2E delivery webhooks " + run,
                "scope", Map.of("projects", List.of(project), "repositories", List.of(repo), "services", List.of(repo)),
                "stages", List.of(Map.of("name", "Build", "statuses", List.of("In Progress"), "kind", "ACTIVE")),
                "doneStatuses", List.of("Done"))));
        assertThat(saved.getList("errors")).isNull();

        JsonPath r = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Stack.graphql(admin, READ, Map.of("id", stream)),
                        j -> j.get("data.valueStream") != null && j.getInt("data.valueStream.delivery.merged") == 1
                                && j.getInt("data.valueStream.delivery.pickupTime.count") == 1
                                && j.getInt("data.valueStream.delivery.deployTime.count") == 1
                                && j.getInt("data.valueStream.toProduction.delivered") == 1);
        assertThat(r.getList("errors")).isNull();
        String d = "data.valueStream.delivery.";
        assertThat(r.getFloat(d + "unreviewedShare")).isZero();
        // webhooks carry no commit times: no coding time
        assertThat(r.getInt(d + "codingTime.count")).isZero();
        // pickup: Hubot's approval 06 14:00 - ready 06 10:30 = 3 h 30 min (the author's 11:00 comment does not count)
        assertThat(r.getFloat(d + "pickupTime.p50")).isEqualTo(12600f);
        // review: merged 07 08:00 - 06 14:00 = 18 h
        assertThat(r.getInt(d + "reviewTime.count")).isEqualTo(1);
        assertThat(r.getFloat(d + "reviewTime.p50")).isEqualTo(64800f);
        // deploy: status 07 09:15 - merged 07 08:00 = 1 h 15 min
        assertThat(r.getFloat(d + "deployTime.p50")).isEqualTo(4500f);
        // time to merge: merged 07 08:00 - created 06 09:00 = 23 h
        assertThat(r.getInt(d + "timeToMerge.count")).isEqualTo(1);
        assertThat(r.getFloat(d + "timeToMerge.p50")).isEqualTo(82800f);
        // sums: coding 0, pickup 12600, review 64800, deploy 4500
        assertThat(r.getString(d + "slowestPhase")).isEqualTo("review");
        String p = "data.valueStream.toProduction.";
        // idea to production: deployed 07 09:15 - created 03 00:00 = 4 d 9 h 15 min
        assertThat(r.getInt(p + "ideaToProduction.count")).isEqualTo(1);
        assertThat(r.getFloat(p + "ideaToProduction.p50")).isEqualTo(378900f);
        // done to production: deployed 07 09:15 - Done 07 08:30 = 45 min
        assertThat(r.getInt(p + "doneToProduction.count")).isEqualTo(1);
        assertThat(r.getFloat(p + "doneToProduction.p50")).isEqualTo(2700f);
        assertThat(r.getInt(p + "releaseQueue")).isZero();
        assertThat(r.getList("data.valueStream.workItems.items.key", String.class)).containsExactly(key);
        assertThat(r.getString("data.valueStream.workItems.items[0].deliveredAt")).isEqualTo("2026-04-07T09:15:00Z");
        assertThat(r.getList("data.valueStream.workItems.items[0].changeIds")).containsExactly("github:" + repo + "#2");
    }

    /** An octokit example delivery (testdata/github-webhooks/octokit-payload-examples) moved to repository {@code repo}. */
    static ObjectNode payload(String example, String repo) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(ReplayEndToEndIT.realdata()
                .resolve("github-webhooks/octokit-payload-examples").resolve(example).toFile());
        ((ObjectNode) body.get("repository")).put("full_name", repo).put("name", repo.substring(repo.indexOf('/') + 1));
        return body;
    }

    static ObjectNode pullRequest(ObjectNode body) {
        return (ObjectNode) body.get("pull_request");
    }

    /** A delivery signed as GitHub signs it ({@code X-Hub-Signature-256}), accepted. */
    static void send(String connector, String secret, String event, String delivery, ObjectNode body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        given().header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + ReplayEndToEndIT.hmac(secret, bytes))
                .contentType(ContentType.JSON).body(bytes)
                .post(Stack.INGEST + "/webhooks/github/" + connector).then().statusCode(202);
    }
}
