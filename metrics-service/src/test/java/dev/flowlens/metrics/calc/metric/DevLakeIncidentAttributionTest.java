package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.AttributedIncident;
import dev.flowlens.internalapi.metrics.AttributionRule;
import dev.flowlens.internalapi.metrics.DeploymentView;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.IncidentAttribution;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.testsupport.Csv;
import dev.flowlens.testsupport.DevLake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Peer check against Apache DevLake's dora/connect_incident_to_deployment e2e fixture (testdata/devlake/README.md):
 * DevLake links each incident of a project to the project's latest successful production deployment finished before
 * the incident was created, however long before; our WINDOW rule (METRICS.md "DORA v2") with the longest window
 * (8760 h) reproduces its expected table.
 *
 * <p>Mapping to our facts: a deployment-commit row is a {@link DeploymentFact} (its id is the row's, its pipeline is
 * what DevLake names); its service and each incident's service are the DevLake project of its cicd scope, repo or board
 * (project_mapping.csv), the mapping a connector's service setting makes; an incident's openedAt is its created_date
 * and resolvedAt its updated_date. Incidents name no deployment, so every attribution is by window.
 */
class DevLakeIncidentAttributionTest {
    static final Window WINDOW = new Window(Instant.parse("2022-01-01T00:00:00Z"),
            Instant.parse("2023-01-01T00:00:00Z"), Granularity.MONTH);
    static final Instant NOW = Instant.parse("2023-06-01T00:00:00Z");

    static List<DeploymentFact> deployments;
    static List<IncidentFact> incidents;
    static Map<String, String> pipelineOfRow;
    static Map<String, String> expected;

    static ValueStream project1(int windowHours) {
        return new ValueStream("project1", "project1",
                new Scope(List.of(), List.of(), List.of(), List.of("project1"), List.of()),
                List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE)), List.of("Done"), null, null,
                new IncidentAttribution(windowHours));
    }

    @BeforeAll
    static void load() throws IOException {
        Path dir = DevLake.folder("dora/connect_incident_to_deployment");
        Map<String, String> projectOf = new HashMap<>();
        for (Map<String, String> m : Csv.read(dir.resolve("raw_tables/project_mapping.csv"))) {
            projectOf.put(m.get("row_id"), m.get("project_name"));
        }
        deployments = new ArrayList<>();
        pipelineOfRow = new HashMap<>();
        for (Map<String, String> r : Csv.read(
                dir.resolve("prev_success_deployment_commit/cicd_deployment_commits_after.csv"))) {
            pipelineOfRow.put(r.get("id"), r.get("cicd_deployment_id"));
            deployments.add(new DeploymentFact(r.get("id"), projectOf.get(r.get("cicd_scope_id")), r.get("environment"),
                    "SUCCESS".equals(r.get("result")), DevLake.time(r.get("started_date")),
                    DevLake.time(r.get("finished_date")), List.of(r.get("commit_sha"))));
        }
        incidents = new ArrayList<>();
        for (Map<String, String> i : Csv.read(dir.resolve("raw_tables/incidents.csv"))) {
            String project = projectOf.getOrDefault(i.get("scope_id"), "(no project: " + i.get("scope_id") + ")");
            incidents.add(new IncidentFact(i.get("id"), project, DevLake.time(i.get("created_date")),
                    DevLake.time(i.get("updated_date")), null));
        }
        expected = new TreeMap<>();
        for (Map<String, String> e : Csv.read(
                dir.resolve("snapshot_tables/project_incident_deployment_relationships.csv"))) {
            assertThat(e.get("project_name")).isEqualTo("project1");
            expected.put(e.get("id"), e.get("deployment_id"));
        }
        assertThat(deployments).hasSize(16);
        assertThat(incidents).hasSize(7);
        assertThat(expected).hasSize(6);
    }

    /** incident id -> the pipeline of the deployment it is attributed to, from our deploymentsList. */
    static Map<String, String> ours(int windowHours) {
        Map<String, String> out = new TreeMap<>();
        for (DeploymentView d : DoraCalculator.deploymentsList(project1(windowHours), List.of(), deployments,
                incidents, WINDOW, NOW)) {
            for (AttributedIncident a : d.incidents()) {
                assertThat(a.rule()).isEqualTo(AttributionRule.WINDOW);
                assertThat(out.put(a.incidentId(), pipelineOfRow.get(d.deploymentId()))).isNull();
            }
        }
        return out;
    }

    @Test
    @DisplayName("With the longest window (8760 h) every incident goes to DevLake's pipeline, row for row")
    void theLongestWindowReproducesDevLake() {
        assertThat(ours(8760)).isEqualTo(expected);
    }

    @Test
    @DisplayName("Differences: our window bounds the look-back (DevLake's has none); the repo3 incident has no project")
    void aBoundedWindowDropsWhatDevLakeLinksFromWeeksEarlier() {
        // the September incident (board1) opened 18 h 54 m after row 3 (pipeline2) finished: inside 24 h
        assertThat(ours(24)).containsExactly(
                Map.entry("github:GithubIssue:1:1373792478", "pipeline2"));
        // the five November incidents opened 39 to 64 days after row 13 (pipeline7): only a window that long links them
        assertThat(ours(24 * 39)).hasSize(1); // the first of them, 11-02T08:21, is 39 d 1.5 h after
        assertThat(ours(24 * 40)).hasSize(2);
        assertThat(ours(24 * 65)).isEqualTo(expected);
        // the repo3 incident belongs to no project: neither DevLake nor we attribute it
        assertThat(expected).doesNotContainKey("github:GithubIssue:1:1373792477");
    }
}
