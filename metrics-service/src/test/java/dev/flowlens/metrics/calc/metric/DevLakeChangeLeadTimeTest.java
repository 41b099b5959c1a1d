package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.DoraBand;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.index.DoraIndex;
import dev.flowlens.testsupport.Csv;
import dev.flowlens.testsupport.DevLake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Peer check against Apache DevLake's dora/change_lead_time e2e fixture (testdata/devlake/README.md): PRs, the
 * deployment-commits of project1 and which merge commits each deployment shipped (commits_diffs), with DevLake's
 * expected project_pr_metrics.csv.
 *
 * <p>Mapping to our facts: a PR is a {@link ChangeFact} (firstCommitAt = its earliest authored commit); a
 * deployment-commit row is a {@link DeploymentFact} whose service is its cicd_scope_id and whose commitShas are the
 * commits_diffs rows of (previous successful commit -> its commit), as EVENTS.md defines commitShas. The stream is
 * project1: services cicd1, cicd2; repositories repo1, repo2; default production environments (which match DevLake's
 * PRODUCTION case-insensitively).
 *
 * <p>Where DevLake's rule differs from METRICS.md (asserted below):
 * <ul>
 *   <li>pr0: DevLake never links a change to the first deployment of a series (no previous deployment); METRICS.md
 *       takes the earliest successful production deployment that contains the sha, so pr0 ships with row 1.</li>
 *   <li>pr3: DevLake links row 6 although it finished before the PR merged (deploy time NULL, kept in the cycle
 *       time); METRICS.md requires finishedAt &gt;= mergedAt, so pr3 has no deployment and no lead time.</li>
 *   <li>pr2: its earliest commit is authored after the PR was created; DevLake drops that negative coding span
 *       (cycle = review + deploy = 1598 min) while our lead time runs from firstCommitAt: 2h37m27s.</li>
 *   <li>DevLake's lead time is a sum of three spans each rounded up to the minute; ours is exact seconds.</li>
 *   <li>DevLake counts a deployment per cicd_deployment_id (5 pipelines); our deployment.finished is per service
 *       (here per deployment-commit row: 10).</li>
 * </ul>
 */
class DevLakeChangeLeadTimeTest {
    static final ValueStream PROJECT1 = new ValueStream("project1", "project1",
            new Scope(List.of(), List.of(), List.of(), List.of("cicd1", "cicd2"), List.of("repo1", "repo2")),
            List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE)), List.of("Done"), null, null);
    static final Window WINDOW = new Window(Instant.parse("2022-01-01T00:00:00Z"),
            Instant.parse("2023-05-01T00:00:00Z"), Granularity.MONTH);
    static final Instant NOW = Instant.parse("2023-06-01T00:00:00Z");

    static List<ChangeFact> changes;
    static List<DeploymentFact> deployments;
    static Map<String, Map<String, String>> expected;

    @BeforeAll
    static void load() throws IOException {
        Path dir = DevLake.folder("dora/change_lead_time");
        Map<String, Instant> firstCommit = new HashMap<>();
        for (Map<String, String> c : Csv.read(dir.resolve("pull_request_commits.csv"))) {
            firstCommit.merge(c.get("pull_request_id"), DevLake.time(c.get("commit_authored_date")),
                    (a, b) -> a.isBefore(b) ? a : b);
        }
        changes = new ArrayList<>();
        for (Map<String, String> pr : Csv.read(dir.resolve("pull_requests.csv"))) {
            changes.add(new ChangeFact(pr.get("id"), pr.get("base_repo_id"), DevLake.time(pr.get("created_date")),
                    firstCommit.get(pr.get("id")), DevLake.time(pr.get("merged_date")),
                    pr.get("merge_commit_sha").isEmpty() ? null : pr.get("merge_commit_sha")));
        }
        List<Map<String, String>> rows = Csv.read(dir.resolve("cicd_deployment_commits.csv"));
        Map<String, String> commitOfRow = new HashMap<>();
        for (Map<String, String> r : rows) {
            commitOfRow.put(r.get("id"), r.get("commit_sha"));
        }
        List<Map<String, String>> diffs = Csv.read(dir.resolve("commits_diffs.csv"));
        deployments = new ArrayList<>();
        for (Map<String, String> r : rows) {
            String prev = r.get("prev_success_deployment_commit_id");
            String oldSha = prev.isEmpty() ? "" : commitOfRow.get(prev);
            List<String> shipped = new ArrayList<>();
            for (Map<String, String> d : diffs) {
                if (d.get("new_commit_sha").equals(r.get("commit_sha")) && d.get("old_commit_sha").equals(oldSha)) {
                    shipped.add(d.get("commit_sha"));
                }
            }
            shipped.add(r.get("commit_sha"));
            deployments.add(new DeploymentFact(r.get("id"), r.get("cicd_scope_id"), r.get("environment"),
                    "SUCCESS".equals(r.get("result")), DevLake.time(r.get("started_date")),
                    DevLake.time(r.get("finished_date")), shipped));
        }
        expected = new HashMap<>();
        for (Map<String, String> m : Csv.read(dir.resolve("project_pr_metrics.csv"))) {
            expected.put(m.get("id"), m);
        }
        assertThat(changes).hasSize(7);
        assertThat(deployments).hasSize(16);
        assertThat(expected).hasSize(6);
    }

    private static DeploymentFact ourDeployment(String prId) {
        ChangeFact c = changes.stream().filter(x -> x.changeId().equals(prId)).findFirst().orElseThrow();
        if (c.mergedAt() == null) {
            return null;
        }
        // Same candidate set as DoraCalculator: successful, production, the stream's services, by finish.
        List<DeploymentFact> candidates = deployments.stream()
                .filter(d -> d.success() && d.environment().equalsIgnoreCase("production")
                        && Scopes.matchesService(PROJECT1.scope(), d.service())
                        && d.commitShas().contains(c.mergeCommitSha()))
                .sorted(java.util.Comparator.comparing(DeploymentFact::finishedAt)).toList();
        return DoraIndex.shippedBy(c, candidates);
    }

    @Test
    @DisplayName("Change -> deployment linking agrees with DevLake on pr1, pr2 (row 5), pr4 (staging only), pr5 (failure only)")
    void linkingWhereRulesAgree() {
        for (String pr : List.of("pr1", "pr2")) {
            DeploymentFact d = ourDeployment(pr);
            assertThat(d).as(pr).isNotNull();
            assertThat(d.deploymentId()).as(pr).isEqualTo(expected.get(pr).get("deployment_commit_id"));
            assertThat(d.finishedAt()).as(pr).isEqualTo(DevLake.time(expected.get(pr).get("pr_deployed_date")));
        }
        assertThat(expected.get("pr4").get("deployment_commit_id")).isEmpty();
        assertThat(ourDeployment("pr4")).isNull(); // shipped only to STAGING
        assertThat(expected.get("pr5").get("deployment_commit_id")).isEmpty();
        assertThat(ourDeployment("pr5")).isNull(); // shipped only by a FAILURE deployment
        assertThat(expected).doesNotContainKey("pr6");
        assertThat(ourDeployment("pr6")).isNull(); // never merged
    }

    @Test
    @DisplayName("Where DevLake differs: pr0 ships with the first deployment of its series (ours), pr3's deployment predates its merge (DevLake links it)")
    void linkingWhereRulesDiffer() {
        assertThat(expected.get("pr0").get("deployment_commit_id")).isEmpty();
        assertThat(ourDeployment("pr0").deploymentId()).isEqualTo("1");
        assertThat(expected.get("pr3").get("deployment_commit_id")).isEqualTo("6");
        assertThat(expected.get("pr3").get("pr_deploy_time")).isEmpty(); // DevLake: negative span -> NULL
        assertThat(ourDeployment("pr3")).isNull();
    }

    @Test
    @DisplayName("pr1 (no negative span): DevLake's cycle time 4478 min = ceil of our lead time 268647 s (4477.45 min)")
    void leadTimeAgreesOnCleanPr() {
        ChangeFact pr1 = changes.stream().filter(c -> c.changeId().equals("pr1")).findFirst().orElseThrow();
        double ours = Times.seconds(pr1.firstCommitAt(), ourDeployment("pr1").finishedAt());
        assertThat(ours).isEqualTo(268_647.0); // 04-10T04:51:47 -> 04-13T07:29:14
        assertThat((long) Math.ceil(ours / 60)).isEqualTo(Long.parseLong(expected.get("pr1").get("pr_cycle_time")));
    }

    @Test
    @DisplayName("DORA lead time for changes on DevLake's data, our rule: pr0 39319260 s, pr1 268647 s, pr2 9447 s; p50 HIGH like DevLake's 4478 min")
    void doraOnDevLakeData() {
        DoraMetrics m = DoraCalculator.dora(PROJECT1, changes, deployments, List.of(), WINDOW, NOW);
        // pr0: 2022-01-10T04:51:47 -> 2023-04-10T06:52:47 = 455 d + 2h01m = 39319260 s.
        // pr2: first commit 2023-04-13T04:51:47 -> 07:29:14 = 9447 s (DevLake: 1598 min, see class comment).
        assertThat(m.leadTimeForChanges()).isEqualTo(new DurationStats(3, (39_319_260.0 + 268_647 + 9_447) / 3,
                268_647.0, 39_319_260.0, 39_319_260.0));
        assertThat(m.leadTimeBand()).isEqualTo(DoraBand.HIGH);
        assertThat(DoraCalculator.leadTimeBand(4478 * 60.0)).isEqualTo(DoraBand.HIGH); // DevLake's median
        // Successful production deployment-commits of cicd1/cicd2: rows 1 2 3 4 5 6 9 10 12 13.
        assertThat(m.deployments()).isEqualTo(10);
    }
}
