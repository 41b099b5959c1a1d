package dev.flowlens.ingest.connector.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Golden;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.ToolTime;
import dev.flowlens.testsupport.DevLake;
import dev.flowlens.testsupport.RealData;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * GitHub mapping on real payloads: every octokit webhook example and DevLake's recorded REST
 * responses of panjf2000/ants, each against its golden file (see {@link Golden} for updating them),
 * plus explicit checks of the facts realdata/README.md names.
 */
class GithubMapperTest {

    static final String WEBHOOKS = "github-webhooks/octokit-payload-examples";
    static final ConnectorSettings SETTINGS =
            ConnectorSettings.defaults("c-github", ConnectorKind.GITHUB, "GitHub", "https://github.com", "Codertocat/Hello-World");
    static final GithubMapper MAPPER = new GithubMapper(SETTINGS);

    /** The webhook's X-GitHub-Event is the folder the example lives in. */
    static Mapping webhook(String path) {
        String kind = path.substring(WEBHOOKS.length() + 1, path.lastIndexOf('/'));
        return MAPPER.mapWebhook(kind, RealData.json(path));
    }

    @TestFactory
    Stream<DynamicTest> everyWebhookExampleMatchesItsGoldenFile() {
        List<String> payloads = RealData.jsonFiles(WEBHOOKS).toList();
        Set<String> goldens = new TreeSet<>();
        payloads.forEach(p -> goldens.add("github/webhooks/" + p.substring(WEBHOOKS.length() + 1)));
        return Stream.concat(payloads.stream().map(path -> DynamicTest.dynamicTest(path, () -> Golden.check(
                        "github/webhooks/" + path.substring(WEBHOOKS.length() + 1), Golden.of(path, webhook(path))))),
                Stream.of(DynamicTest.dynamicTest("no golden file without a payload",
                        () -> Golden.assertNoOrphans("github/webhooks", goldens))));
    }

    @Test
    void devlakePullRequestsMatchTheirGoldenFile() {
        String csv = "devlake/github/raw_tables/_raw_github_api_pull_requests.csv";
        Map<Long, Instant> firstCommit = firstCommitTimes();
        Mapping all = new Mapping();
        for (DevLake.Row row : DevLake.table(csv)) {
            JsonNode pr = row.data();
            all.addAll(MAPPER.pullRequest("panjf2000/ants", pr, firstCommit.get(pr.get("number").asLong())));
        }
        Golden.check("github/devlake/pull_requests.json", Golden.of(csv, all));
        assertThat(all.events()).hasSizeGreaterThan(50);
    }

    @Test
    void devlakeIssuesMatchTheirGoldenFile() {
        String csv = "devlake/github/raw_tables/_raw_github_api_issues.csv";
        Mapping all = new Mapping();
        DevLake.table(csv).forEach(row -> all.addAll(MAPPER.issue("panjf2000/ants", row.data())));
        Golden.check("github/devlake/issues.json", Golden.of(csv, all));
    }

    /** The earliest author time of each pull request's commits (DevLake's pull_request_commits). */
    static Map<Long, Instant> firstCommitTimes() {
        Map<Long, Instant> first = new HashMap<>();
        for (DevLake.Row row : DevLake.table("devlake/github/raw_tables/_raw_github_api_pull_request_commits.csv")) {
            long number = row.input().get("Number").asLong();
            Instant t = ToolTime.parse(row.data().path("commit").path("author").path("date").asText(null));
            if (t != null) {
                first.merge(number, t, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return first;
    }

    // --- the facts realdata/README.md asks to check ---

    @Test
    void aClosedButUnmergedPullRequestIsNoMerge() {
        // pull_request/closed.payload.json: merged=false, merged_at=null, yet merge_commit_sha is set
        // (GitHub's test merge): it must not count as a merged change; it is a change.closed at closed_at.
        Mapping m = webhook(WEBHOOKS + "/pull_request/closed.payload.json");
        assertThat(m.events()).extracting(e -> e.get("type").asText()).containsExactly("change.opened", "change.closed");
        JsonNode opened = m.events().get(0);
        assertThat(opened.get("id").asText()).isEqualTo("github:Codertocat/Hello-World#2:opened");
        assertThat(opened.at("/data/createdAt").asText()).isEqualTo("2019-05-15T15:20:33Z");
        assertThat(m.events().get(1).at("/data/closedAt").asText()).isEqualTo("2019-05-15T15:21:18Z");
    }

    @Test
    void aSubmittedReviewIsAChangeReviewedWithTheToolsReviewId() {
        // pull_request_review/submitted.payload.json: review 237895671 by Codertocat, state commented
        Mapping m = webhook(WEBHOOKS + "/pull_request_review/submitted.payload.json");
        assertThat(m.events()).hasSize(1);
        JsonNode r = m.events().get(0);
        assertThat(r.get("type").asText()).isEqualTo("change.reviewed");
        assertThat(r.at("/data/reviewId").asText()).isEqualTo("github:Codertocat/Hello-World#2:review:237895671");
        assertThat(r.at("/data/changeId").asText()).isEqualTo("github:Codertocat/Hello-World#2");
        assertThat(r.at("/data/reviewer").asText()).isEqualTo("Codertocat");
        assertThat(r.at("/data/state").asText()).isEqualTo("commented");
        assertThat(r.at("/data/submittedAt").asText()).isEqualTo("2019-05-15T15:20:38Z");
        // the pull path reads the same review object from /pulls/2/reviews (upper-case state): the same event
        JsonNode review = RealData.json(WEBHOOKS + "/pull_request_review/submitted.payload.json").get("review");
        ObjectNode rest = review.deepCopy();
        rest.put("state", "COMMENTED");
        Mapping pulled = MAPPER.mapPulled("reviews:Codertocat/Hello-World", rest, Map.of(GithubMapper.PULL_NUMBER, "2"));
        assertThat(pulled.events()).isEqualTo(m.events());
    }

    @Test
    void readyForReviewGivesAnOpenedEventDatedWhenTheDraftWasMarkedReady() {
        Mapping m = webhook(WEBHOOKS + "/pull_request/ready_for_review.payload.json");
        JsonNode ready = m.events().get(m.events().size() - 1);
        assertThat(ready.get("type").asText()).isEqualTo("change.opened");
        assertThat(ready.get("id").asText()).isEqualTo("github:Codertocat/Hello-World#2:ready:2019-05-15T15:21:18Z");
        assertThat(ready.at("/data/readyForReviewAt").asText()).isEqualTo("2019-05-15T15:21:18Z");
    }

    @Test
    void aMergedPullRequestCarriesMergedAtAndMergeCommitSha() {
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/pull_request/closed.payload.json");
        ObjectNode pr = (ObjectNode) payload.get("pull_request");
        pr.put("merged", true).put("merged_at", "2019-05-15T15:21:18Z").put("title", "PAY-12: Update the README")
                .put("body", "Also fixes OPS-7.");
        ((ObjectNode) pr.get("head")).put("ref", "feature/PAY-12-readme");
        Mapping m = MAPPER.mapWebhook("pull_request", payload);
        JsonNode merged = m.events().stream().filter(e -> e.get("type").asText().equals("change.merged")).findFirst().orElseThrow();
        assertThat(merged.get("id").asText()).isEqualTo("github:Codertocat/Hello-World#2:merged");
        assertThat(merged.get("time").asText()).isEqualTo("2019-05-15T15:21:18Z");
        assertThat(merged.at("/data/mergedAt").asText()).isEqualTo("2019-05-15T15:21:18Z");
        assertThat(merged.at("/data/mergeCommitSha").asText()).isEqualTo("c4295bd74fb0f4fda03689c3df3f2803b658fd85");
        assertThat(RealData.JSON.convertValue(merged.at("/data/workItemKeys"), List.class)).containsExactly("PAY-12", "OPS-7");
        assertThat(merged.at("/data/author").asText()).isEqualTo("Codertocat");
    }

    @Test
    void aRecordedMergedPullRequestKeepsItsTimesShaAndFirstCommit() {
        // ants PR #23 as the REST API returned it; its commits start 2019-01-21T10:57:23Z.
        JsonNode pr = DevLake.table("devlake/github/raw_tables/_raw_github_api_pull_requests.csv").stream()
                .map(DevLake.Row::data).filter(d -> d.get("number").asLong() == 23).findFirst().orElseThrow();
        Mapping m = MAPPER.pullRequest("panjf2000/ants", pr, firstCommitTimes().get(23L));
        JsonNode merged = m.events().get(1);
        assertThat(merged.get("type").asText()).isEqualTo("change.merged");
        assertThat(ToolTime.parse(merged.at("/data/mergedAt").asText())).isEqualTo(ToolTime.parse(pr.get("merged_at").asText()));
        assertThat(merged.at("/data/mergeCommitSha").asText()).isEqualTo(pr.get("merge_commit_sha").asText());
        assertThat(merged.at("/data/firstCommitAt").asText()).isEqualTo("2019-01-21T10:57:23Z");
    }

    @Test
    void mergedPullRequestsAgreeWithDevlakesNormalisedSnapshot() {
        // DevLake's pull_requests.csv (its own normalisation of the same recordings): MERGED rows and merged_date.
        Map<String, Instant> expected = new HashMap<>();
        for (DevLake.Row r : DevLake.table("devlake/github/snapshot_tables/pull_requests.csv")) {
            if (r.get("status").equals("MERGED")) {
                expected.put("github:panjf2000/ants#" + r.get("pull_request_key"), ToolTime.parse(r.get("merged_date")));
            }
        }
        Map<String, Instant> actual = new HashMap<>();
        for (DevLake.Row row : DevLake.table("devlake/github/raw_tables/_raw_github_api_pull_requests.csv")) {
            MAPPER.pullRequest("panjf2000/ants", row.data(), null).events().stream()
                    .filter(e -> e.get("type").asText().equals("change.merged"))
                    .forEach(e -> actual.put(e.at("/data/changeId").asText(), Instant.parse(e.at("/data/mergedAt").asText())));
        }
        assertThat(expected).hasSize(26);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aSuccessfulProductionDeploymentStatusIsAFinishedDeploymentOfItsSha() {
        Mapping m = webhook(WEBHOOKS + "/deployment_status/payload.json");
        assertThat(m.events()).hasSize(1);
        JsonNode d = m.events().get(0);
        assertThat(d.get("type").asText()).isEqualTo("deployment.finished");
        assertThat(d.get("id").asText()).isEqualTo("github:Codertocat/Hello-World:deployment-status:209916254");
        assertThat(d.at("/data/deploymentId").asText()).isEqualTo("github:Codertocat/Hello-World:deployment:145988746");
        assertThat(d.at("/data/status").asText()).isEqualTo("success");
        assertThat(d.at("/data/environment").asText()).isEqualTo("production");
        assertThat(d.at("/data/service").asText()).isEqualTo("Codertocat/Hello-World");
        assertThat(d.at("/data/commitShas/0").asText()).isEqualTo("f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        assertThat(d.at("/data/startedAt").asText()).isEqualTo("2019-05-15T15:20:53Z");
        assertThat(d.at("/data/finishedAt").asText()).isEqualTo("2019-05-15T15:20:55Z");
    }

    @Test
    void aDeploymentOfAHotfixRefIsMarkedHotfixAndAnyOtherRefLeavesItAbsent() throws Exception {
        // the recorded deployment is of ref master: no hotfix field at all (its golden file is unchanged)
        JsonNode master = webhook(WEBHOOKS + "/deployment_status/payload.json").events().get(0);
        assertThat(master.get("data").has("hotfix")).isFalse();
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/deployment_status/payload.json");
        ((ObjectNode) payload.get("deployment")).put("ref", "hotfix/pay-12");
        JsonNode hotfix = MAPPER.mapWebhook("deployment_status", payload).events().get(0);
        assertThat(hotfix.at("/data/hotfix").isBoolean()).isTrue();
        assertThat(hotfix.at("/data/hotfix").booleanValue()).isTrue();
        assertThat(hotfix.get("id")).isEqualTo(master.get("id"));
        // a configured hotfixRefs replaces the default
        GithubMapper custom = new GithubMapper(ConnectorSettings.fromJson("c-github", ConnectorKind.GITHUB, "GitHub",
                "https://github.com", "Codertocat/Hello-World", RealData.JSON.readTree("{\"hotfixRefs\":[\"release/.*-hf\"]}")));
        assertThat(custom.mapWebhook("deployment_status", payload).events().get(0).get("data").has("hotfix")).isFalse();
        ((ObjectNode) payload.get("deployment")).put("ref", "release/2.3-hf");
        assertThat(custom.mapWebhook("deployment_status", payload).events().get(0).at("/data/hotfix").booleanValue()).isTrue();
    }

    @Test
    void aRunOfADeploymentWorkflowOnAHotfixBranchIsMarkedHotfix() {
        GithubMapper mapper = withWorkflows("[{\"workflow\":\"test\\\\.yml\"}]");
        JsonNode payload = RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json");
        assertThat(mapper.mapWebhook("workflow_run", payload).events().get(0).get("data").has("hotfix")).isFalse(); // master
        ((ObjectNode) payload.get("workflow_run")).put("head_branch", "hotfix/pay-12");
        JsonNode d = mapper.mapWebhook("workflow_run", payload).events().get(0);
        assertThat(d.at("/data/hotfix").booleanValue()).isTrue();
        // the pulled run (GET /actions/runs) reads the same head_branch
        assertThat(mapper.mapPulled("workflow_runs:octo-org/octo-repo", payload.get("workflow_run"), Map.of()).events())
                .isEqualTo(List.of(d));
    }

    @Test
    void anInProgressOrNonProductionDeploymentIsNotFinished() {
        assertThat(webhook(WEBHOOKS + "/deployment_status/gh-pages.payload.json").events()).isEmpty();
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/deployment_status/gh-pages.payload.json");
        ((ObjectNode) payload.get("deployment_status")).put("state", "failure");
        Mapping m = MAPPER.mapWebhook("deployment_status", payload);
        assertThat(m.events()).isEmpty();
        assertThat(m.skipped()).singleElement().asString().contains("'github-pages', not a production environment");
        ((ObjectNode) payload.get("deployment")).put("production_environment", true);
        assertThat(MAPPER.mapWebhook("deployment_status", payload).events()).singleElement()
                .satisfies(e -> assertThat(e.at("/data/status").asText()).isEqualTo("failure"));
    }

    @Test
    void labelsDecideTheItemTypeAndTheIncident() {
        Mapping m = webhook(WEBHOOKS + "/issues/labeled.payload.json");
        JsonNode upsert = m.events().get(0);
        assertThat(upsert.at("/data/labels/0").asText()).isEqualTo("bug");
        assertThat(upsert.at("/data/itemType").asText()).isEqualTo("defect");
        assertThat(upsert.at("/data/itemId").asText()).isEqualTo("github:Codertocat/Hello-World#1");

        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/issues/reopened.payload.json");
        ObjectNode issue = (ObjectNode) payload.get("issue");
        ((ObjectNode) issue.get("labels").get(0)).put("name", "Incident");
        issue.put("state", "closed").put("body", "Checkout down, caused by deployment 145988746.");
        Mapping incident = MAPPER.mapWebhook("issues", payload);
        JsonNode opened = incident.events().stream().filter(e -> e.get("type").asText().equals("incident.opened")).findFirst().orElseThrow();
        assertThat(opened.at("/data/openedAt").asText()).isEqualTo("2021-07-05T18:05:24Z");
        assertThat(opened.at("/data/causedByDeploymentId").asText()).isEqualTo("github:Codertocat/Hello-World:deployment:145988746");
        JsonNode resolved = incident.events().stream().filter(e -> e.get("type").asText().equals("incident.resolved")).findFirst().orElseThrow();
        assertThat(resolved.at("/data/resolvedAt").asText()).isEqualTo("2021-07-05T18:07:10Z");
    }

    @Test
    void aDeletedIssueIsADeletedWorkItemAndPullRequestsInIssueEventsAreSkipped() {
        assertThat(webhook(WEBHOOKS + "/issues/deleted.payload.json").events()).singleElement().satisfies(e -> {
            assertThat(e.get("type").asText()).isEqualTo("workitem.deleted");
            assertThat(e.at("/data/itemId").asText()).isEqualTo("github:Codertocat/Hello-World#1");
        });
        assertThat(webhook(WEBHOOKS + "/issues/milestoned.payload.json").events()).isEmpty();
    }

    @Test
    void theSameFactFromAWebhookAndARedeliveryHasTheSameIds() {
        List<String> a = webhook(WEBHOOKS + "/issues/reopened.payload.json").events().stream().map(e -> e.get("id").asText()).toList();
        List<String> b = webhook(WEBHOOKS + "/issues/reopened.payload.json").events().stream().map(e -> e.get("id").asText()).toList();
        assertThat(a).isEqualTo(b).contains("github:Codertocat/Hello-World#1:closed:2021-07-05T18:07:10Z",
                "github:Codertocat/Hello-World#1:reopened:2021-10-11T16:40:56Z");
    }

    @Test
    void eventKindsWithoutAFlowFactMapToNothing() {
        for (String kind : List.of("push", "workflow_run", "check_run", "release", "ping", "create", "status")) {
            RealData.jsonFiles(WEBHOOKS + "/" + kind).forEach(p -> assertThat(webhook(p).events()).as(p).isEmpty());
        }
    }

    // --- workflow runs (deploymentWorkflows) ---

    static GithubMapper withWorkflows(String rules) {
        try {
            return new GithubMapper(ConnectorSettings.fromJson("c-github", ConnectorKind.GITHUB, "GitHub", "https://github.com",
                    "octo-org/octo-repo", RealData.JSON.readTree("{\"deploymentWorkflows\":" + rules + "}")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCompletedRunOfADeploymentWorkflowIsAFinishedDeploymentOfItsHeadSha() {
        // workflow_run/completed: run 289782451 of .github/workflows/test.yml (workflow "test"; the run's own name is empty)
        GithubMapper mapper = withWorkflows("[{\"workflow\":\"test\\\\.yml\",\"branch\":\"master\"}]");
        Mapping m = mapper.mapWebhook("workflow_run", RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json"));
        assertThat(m.skipped()).isEmpty();
        JsonNode d = m.events().get(0);
        assertThat(m.events()).hasSize(1);
        assertThat(d.get("type").asText()).isEqualTo("deployment.finished");
        assertThat(d.get("id").asText()).isEqualTo("github:octo-org/octo-repo:workflow-run:289782451:1:success");
        assertThat(d.get("time").asText()).isEqualTo("2020-10-05T16:33:49Z");
        assertThat(d.at("/data/deploymentId").asText()).isEqualTo("github:octo-org/octo-repo:workflow-run:289782451:1");
        assertThat(d.at("/data/service").asText()).isEqualTo("octo-org/octo-repo");
        assertThat(d.at("/data/environment").asText()).isEqualTo("production");
        assertThat(d.at("/data/status").asText()).isEqualTo("success");
        assertThat(d.at("/data/startedAt").asText()).isEqualTo("2020-10-05T16:33:49Z"); // run_started_at
        assertThat(d.at("/data/finishedAt").asText()).isEqualTo("2020-10-05T16:33:49Z"); // updated_at of the completed run
        assertThat(RealData.JSON.convertValue(d.at("/data/commitShas"), List.class)).containsExactly("3484a3fb816e0859fd6e1cea078d76385ff50625");

        // the same rule by the workflow's name (only the webhook's workflow object carries it here) and by its path
        assertThat(withWorkflows("[{\"workflow\":\"test\"}]").mapWebhook("workflow_run",
                RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json")).events()).isEqualTo(m.events());
        assertThat(withWorkflows("[{\"workflow\":\"\\\\.github/workflows/test\\\\.yml\"}]").mapWebhook("workflow_run",
                RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json")).events()).isEqualTo(m.events());
        // the run as GET /actions/runs lists it (the webhook's workflow_run object) maps to the same event, byte for byte
        JsonNode run = RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json").get("workflow_run");
        assertThat(mapper.mapPulled("workflow_runs:octo-org/octo-repo", run, Map.of()).events()).isEqualTo(m.events());
    }

    @Test
    void aRunNotCompletedNotADeploymentWorkflowOrOnAnotherBranchIsNoDeployment() {
        GithubMapper mapper = withWorkflows("[{\"workflow\":\"test\\\\.yml\",\"branch\":\"master\"}]");
        // requested (queued), also the example that already carries a conclusion
        assertThat(mapper.mapWebhook("workflow_run", RealData.json(WEBHOOKS + "/workflow_run/requested.payload.json")).events()).isEmpty();
        assertThat(mapper.mapWebhook("workflow_run", RealData.json(WEBHOOKS + "/workflow_run/requested.with-conclusion.payload.json"))
                .events()).isEmpty();
        // no rule (the default), another workflow, another branch
        assertThat(MAPPER.mapWebhook("workflow_run", RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json")).events()).isEmpty();
        assertThat(withWorkflows("[{\"workflow\":\"deploy\\\\.yml\"}]").mapWebhook("workflow_run",
                RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json")).events()).isEmpty();
        assertThat(withWorkflows("[{\"workflow\":\"test\\\\.yml\",\"branch\":\"main\"}]").mapWebhook("workflow_run",
                RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json")).events()).isEmpty();
        // a rule naming an environment that is not production: skipped, saying why
        Mapping staging = withWorkflows("[{\"workflow\":\"test\\\\.yml\",\"environment\":\"staging\"}]").mapWebhook("workflow_run",
                RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json"));
        assertThat(staging.events()).isEmpty();
        assertThat(staging.skipped()).singleElement().asString().contains("workflow-run:289782451:1 deployed to 'staging', not a production");
    }

    @Test
    void conclusionsDecideTheStatusAndEachAttemptIsItsOwnDeployment() {
        GithubMapper mapper = withWorkflows("[{\"workflow\":\"test\\\\.yml\"}]");
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("success", "success");
        expected.put("failure", "failure");
        expected.put("timed_out", "failure");
        expected.put("cancelled", null);
        expected.put("skipped", null);
        expected.put("neutral", null);
        expected.put("stale", null);
        expected.put("action_required", null);
        expected.put("startup_failure", null);
        expected.forEach((conclusion, status) -> {
            ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/workflow_run/completed.payload.json");
            ((ObjectNode) payload.get("workflow_run")).put("conclusion", conclusion).put("run_attempt", 3);
            List<JsonNode> events = List.copyOf(mapper.mapWebhook("workflow_run", payload).events());
            if (status == null) {
                assertThat(events).as(conclusion).isEmpty();
            } else {
                assertThat(events).as(conclusion).singleElement().satisfies(e -> {
                    assertThat(e.at("/data/status").asText()).isEqualTo(status);
                    assertThat(e.get("id").asText()).isEqualTo("github:octo-org/octo-repo:workflow-run:289782451:3:" + status);
                });
            }
        });
    }

    @Test
    void devlakeRecordedRunsOfTheConfiguredWorkflowAndBranchAreTheDeployments() {
        // panjf2000/ants as GET /actions/runs answered (DevLake): CodeQL on master, completed, is the "deployment" here
        GithubMapper mapper = new GithubMapper(ConnectorSettings.fromJson("c", ConnectorKind.GITHUB, "ants", "https://github.com",
                "panjf2000/ants", RealData.JSON.createObjectNode().set("deploymentWorkflows", RealData.JSON.createArrayNode()
                        .add(RealData.JSON.createObjectNode().put("workflow", "codeql.yml").put("branch", "master")))));
        Map<String, String> statuses = new java.util.TreeMap<>();
        for (DevLake.Row row : DevLake.table("devlake/github/raw_tables/_raw_github_api_runs.csv")) {
            mapper.mapPulled("workflow_runs:panjf2000/ants", row.data(), Map.of()).events()
                    .forEach(e -> statuses.put(e.at("/data/deploymentId").asText(), e.at("/data/status").asText()));
        }
        // ten weekly scheduled runs and the push of 2022-06-27 succeeded; the pull_request run of 2022-06-30 failed;
        // the in-progress run of 2022-06-25 and the runs on the branch Fix_rm_redundancy_code are none
        assertThat(statuses).hasSize(12);
        assertThat(statuses.values().stream().filter("success"::equals).count()).isEqualTo(11);
        assertThat(statuses).containsEntry("github:panjf2000/ants:workflow-run:2589885635:2", "failure") // its second attempt
                .containsEntry("github:panjf2000/ants:workflow-run:2566218976:1", "success")
                .doesNotContainKey("github:panjf2000/ants:workflow-run:2559507315:1");
    }

    /** Issue 21: a link the dashboard would open must be http(s); the issue itself still counts. */
    @Test
    void anIssueWhoseHtmlUrlIsNotHttpIsMappedWithoutALink() {
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/issues/opened.payload.json");
        ((ObjectNode) payload.get("issue")).put("html_url", "javascript:alert(document.domain)")
                .put("title", "<img src=x onerror=alert(1)>");
        Mapping m = MAPPER.mapWebhook("issues", payload);
        JsonNode upsert = m.events().stream().filter(e -> e.get("type").asText().equals("workitem.upserted"))
                .findFirst().orElseThrow();
        assertThat(upsert.at("/data").has("url")).isFalse();
        assertThat(upsert.at("/data/title").asText()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(m.skipped()).containsExactly(upsert.get("id").asText()
                + ": url left out, not an http(s) URL: 'javascript:alert(document.domain)'");
        // the recorded payload's own https link is kept
        JsonNode plain = webhook(WEBHOOKS + "/issues/opened.payload.json").events().get(0);
        assertThat(plain.at("/data/url").asText()).startsWith("https://github.com/");
    }

}
