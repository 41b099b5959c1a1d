package dev.flowlens.ingest.connector.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Golden;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.testsupport.DevLake;
import dev.flowlens.testsupport.RealData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Jenkins mapping on DevLake's recorded builds and on Notification plugin messages (built from the documented shape). */
class JenkinsMapperTest {

    static final String WEBHOOKS = "jenkins-webhooks";
    static final String RAW = "devlake/jenkins/raw_tables/_raw_jenkins_api_builds.csv";
    static final String DEVLAKE_JOB = "Test-jenkins-dir/test-jenkins-sub-dir/test-sub-sub-dir/devlake";
    static final String SETTINGS = """
            {"deploymentJobs": [
              {"job": "Test-jenkins-dir/.*/devlake", "service": "lake"},
              {"job": "asgard", "service": "asgard"},
              {"job": "payments/deploy-.*", "service": "checkout", "environment": "prod"},
              {"job": "pipeline-test2", "environment": "staging"}]}""";
    static final JenkinsMapper MAPPER = mapper("https://ci.example.com", SETTINGS);

    static JenkinsMapper mapper(String baseUrl, String settings) {
        try {
            return new JenkinsMapper(ConnectorSettings.fromJson("c-jenkins", ConnectorKind.JENKINS, "Jenkins", baseUrl, DEVLAKE_JOB,
                    RealData.JSON.readTree(settings)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job of a recorded build: DevLake's {@code params.FullName}. */
    static String job(DevLake.Row r) {
        return r.json("params").get("FullName").asText();
    }

    @TestFactory
    Stream<DynamicTest> everyNotificationExampleMatchesItsGoldenFile() {
        List<String> payloads = RealData.jsonFiles(WEBHOOKS).toList();
        Set<String> goldens = new TreeSet<>();
        payloads.forEach(p -> goldens.add("jenkins/webhooks/" + p.substring(WEBHOOKS.length() + 1)));
        assertThat(payloads).hasSize(4);
        return Stream.concat(payloads.stream().map(path -> DynamicTest.dynamicTest(path, () -> Golden.check(
                        "jenkins/webhooks/" + path.substring(WEBHOOKS.length() + 1),
                        Golden.of(path, MAPPER.mapWebhook(null, RealData.json(path)))))),
                Stream.of(DynamicTest.dynamicTest("no golden file without a payload",
                        () -> Golden.assertNoOrphans("jenkins/webhooks", goldens))));
    }

    @Test
    void devlakeRecordedBuildsMatchTheirGoldenFile() {
        Mapping all = new Mapping();
        DevLake.table(RAW).forEach(r -> all.addAll(MAPPER.restBuild(job(r), r.data())));
        Golden.check("jenkins/devlake/builds.json", Golden.of(RAW, all));
    }

    /**
     * DevLake's normalised pipelines of the same recording ({@code cicd_pipelines.csv}, {@code cicd_pipeline_commits.csv}):
     * every build DevLake counts as a finished SUCCESS is a successful deployment here, started at DevLake's
     * {@code created_date} (DevLake cuts the start to the second; we keep the milliseconds, so our finish is up to a
     * second later than DevLake's) and shipping DevLake's commit. Where we differ, on purpose: a build still running
     * is no fact yet (DevLake: IN_PROGRESS), ABORTED deployed nothing (DevLake: FAILURE), UNSTABLE failed (DevLake: no
     * result).
     */
    @Test
    void finishedBuildsAgreeWithDevlakesSnapshotAndTheDifferencesAreTheOnesDocumented() {
        Map<String, String> devlake = new TreeMap<>();
        Map<String, Instant> devlakeStart = new HashMap<>();
        for (DevLake.Row r : DevLake.table("devlake/jenkins/snapshot_tables/cicd_pipelines.csv")) {
            devlake.put(r.get("name"), r.get("status") + "/" + r.get("result") + "/" + r.get("original_result"));
            devlakeStart.put(r.get("name"), DevLake.time(r.get("created_date")));
        }
        Map<String, Set<String>> devlakeCommits = new HashMap<>();
        for (DevLake.Row r : DevLake.table("devlake/jenkins/snapshot_tables/cicd_pipeline_commits.csv")) {
            devlakeCommits.computeIfAbsent(r.get("display_title"), k -> new TreeSet<>()).add(r.get("commit_sha"));
        }
        Map<String, String> ours = new TreeMap<>();
        for (DevLake.Row r : DevLake.table(RAW)) {
            if (!job(r).equals(DEVLAKE_JOB)) {
                continue;
            }
            String name = DEVLAKE_JOB + "#" + r.data().get("number").asText();
            List<ObjectNode> events = MAPPER.restBuild(job(r), r.data()).events();
            ours.put(name, events.isEmpty() ? "none" : events.get(0).at("/data/status").asText());
            for (ObjectNode e : events) {
                Instant started = Instant.parse(e.at("/data/startedAt").asText());
                assertThat(started.truncatedTo(ChronoUnit.SECONDS)).as(name).isEqualTo(devlakeStart.get(name));
                Set<String> shas = new TreeSet<>();
                e.at("/data/commitShas").forEach(s -> shas.add(s.asText()));
                assertThat(shas).as(name).isEqualTo(devlakeCommits.getOrDefault(name, Set.of()));
            }
        }
        assertThat(ours.keySet()).isEqualTo(devlake.keySet());
        Map<String, String> compared = new TreeMap<>();
        ours.forEach((name, status) -> compared.put(name, devlake.get(name) + " -> " + status));
        assertThat(compared).containsOnly(
                Map.entry(DEVLAKE_JOB + "#10001", "IN_PROGRESS//SUCCESS -> none"),
                Map.entry(DEVLAKE_JOB + "#10002", "IN_PROGRESS//FAILURE -> none"),
                Map.entry(DEVLAKE_JOB + "#10003", "DONE/FAILURE/ABORTED -> none"),
                Map.entry(DEVLAKE_JOB + "#10004", "DONE//NOT_BUILD -> none"),
                Map.entry(DEVLAKE_JOB + "#10005", "DONE//UNSTABLE -> failure"),
                Map.entry(DEVLAKE_JOB + "#11", "DONE/SUCCESS/SUCCESS -> success"),
                Map.entry(DEVLAKE_JOB + "#17", "DONE/SUCCESS/SUCCESS -> success"),
                Map.entry(DEVLAKE_JOB + "#21", "DONE/SUCCESS/SUCCESS -> success"),
                Map.entry(DEVLAKE_JOB + "#23", "DONE/SUCCESS/SUCCESS -> success"),
                Map.entry(DEVLAKE_JOB + "#27", "IN_PROGRESS//SUCCESS -> none"),
                Map.entry(DEVLAKE_JOB + "#31", "DONE/SUCCESS/SUCCESS -> success"),
                Map.entry(DEVLAKE_JOB + "#37", "DONE/SUCCESS/SUCCESS -> success"),
                Map.entry(DEVLAKE_JOB + "#47", "DONE/SUCCESS/SUCCESS -> success"));
    }

    @Test
    void aSuccessfulBuildIsADeploymentOfTheRulesServiceWithItsRevision() {
        JsonNode build = DevLake.table(RAW).stream().filter(r -> r.data().get("number").asInt() == 11).findFirst().orElseThrow().data();
        Mapping m = MAPPER.restBuild(DEVLAKE_JOB, build);
        assertThat(m.events()).hasSize(1);
        JsonNode d = m.events().get(0);
        assertThat(d.get("id").asText()).isEqualTo("jenkins:ci.example.com:" + DEVLAKE_JOB + "#11:success");
        assertThat(d.get("type").asText()).isEqualTo("deployment.finished");
        assertThat(d.at("/data/deploymentId").asText()).isEqualTo("jenkins:ci.example.com:" + DEVLAKE_JOB + "#11");
        assertThat(d.at("/data/service").asText()).isEqualTo("lake");
        assertThat(d.at("/data/environment").asText()).isEqualTo("production");
        // timestamp 1650017416514 ms, duration 14820 ms
        assertThat(d.at("/data/startedAt").asText()).isEqualTo("2022-04-15T10:10:16.514Z");
        assertThat(d.at("/data/finishedAt").asText()).isEqualTo("2022-04-15T10:10:31.334Z");
        assertThat(d.at("/data/commitShas").toString()).isEqualTo("[\"ceeffdfdd06bce232f9adb3a656265bad13a8473\"]");
    }

    @Test
    void changeSetCommitsComeFirstAndTheBuiltRevisionOnce() throws Exception {
        ObjectNode build = (ObjectNode) RealData.JSON.readTree("""
                {"number": 5, "result": "SUCCESS", "building": false, "timestamp": 1700000000000, "duration": 1000,
                 "actions": [{"lastBuiltRevision": {"SHA1": "bbb"}}, {}],
                 "changeSets": [{"kind": "git", "items": [{"commitId": "aaa"}, {"commitId": "bbb"}]}]}""");
        assertThat(MAPPER.restBuild(DEVLAKE_JOB, build).events().get(0).at("/data/commitShas").toString()).isEqualTo("[\"aaa\",\"bbb\"]");
    }

    @Test
    void aJobNoRuleNamesAndANonProductionRuleGiveNoDeployment() {
        JsonNode build = DevLake.table(RAW).stream().filter(r -> r.data().get("number").asInt() == 11).findFirst().orElseThrow().data();
        Mapping none = MAPPER.restBuild("some/other-job", build);
        assertThat(none.events()).isEmpty();
        assertThat(none.skipped()).isEmpty();
        Mapping staging = MAPPER.restBuild("pipeline-test2", build);
        assertThat(staging.events()).isEmpty();
        assertThat(staging.skipped()).containsExactly("jenkins:ci.example.com:pipeline-test2#11: environment staging is not production");
    }

    @Test
    void aNotificationOfAFolderJobIsTheSameDeploymentAsItsPulledBuild() throws Exception {
        Mapping notified = MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/notification-plugin/folder-job-completed-failure.json"));
        ObjectNode pulled = (ObjectNode) RealData.JSON.readTree("""
                {"number": 7, "result": "FAILURE", "building": false, "timestamp": 1426777200000, "duration": 61000,
                 "actions": [{"lastBuiltRevision": {"SHA1": "9fceb02d0ae598e95dc970b74767f19372d61af8"}}]}""");
        assertThat(notified.events()).hasSize(1);
        assertThat(notified.events().get(0).get("id").asText()).isEqualTo("jenkins:ci.example.com:payments/deploy-checkout#7:failure");
        assertThat(notified.events().get(0).at("/data/environment").asText()).isEqualTo("prod");
        assertThat(MAPPER.restBuild("payments/deploy-checkout", pulled).events()).isEqualTo(notified.events());
    }

    @Test
    void aStartedNotificationAndOneWithoutTimesAreNoFactYet() {
        assertThat(MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/notification-plugin/started.json")).skipped())
                .containsExactly("jenkins:ci.example.com:asgard#18: still building");
        assertThat(MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/notification-plugin/completed-no-timestamp.json")).skipped())
                .containsExactly("asgard: build without a number or timestamp");
    }

    @Test
    void jobPathsAndFullNames() {
        assertThat(JenkinsClient.jobPath("payments/deploy checkout")).isEqualTo("/job/payments/job/deploy%20checkout");
        assertThat(JenkinsPayloads.jobFullName("job/payments/job/deploy%20checkout/")).isEqualTo("payments/deploy checkout");
        assertThat(JenkinsPayloads.jobFullName("job/asgard/")).isEqualTo("asgard");
        assertThat(JenkinsPayloads.jobFullName("view/all/job/asgard/")).isNull();
        assertThat(JenkinsPayloads.jobFullName("")).isNull();
    }
}
