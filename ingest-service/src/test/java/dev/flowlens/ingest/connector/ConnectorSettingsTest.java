package dev.flowlens.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.events.ItemType;
import dev.flowlens.testsupport.RealData;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorSettingsTest {

    static final ConnectorSettings D = ConnectorSettings.defaults("c1", ConnectorKind.JIRA, "n", "https://acme.atlassian.net/", "");

    @Test
    void defaultItemTypesAreThoseOfEventsMd() {
        assertThat(D.itemType(List.of("Bug"))).isEqualTo(ItemType.DEFECT);
        assertThat(D.itemType(List.of("Incident"))).isEqualTo(ItemType.DEFECT);
        assertThat(D.itemType(List.of("Vulnerability"))).isEqualTo(ItemType.RISK);
        assertThat(D.itemType(List.of("Security"))).isEqualTo(ItemType.RISK);
        assertThat(D.itemType(List.of("Tech Debt"))).isEqualTo(ItemType.DEBT);
        assertThat(D.itemType(List.of("tech-debt"))).isEqualTo(ItemType.DEBT);
        assertThat(D.itemType(List.of("Refactor"))).isEqualTo(ItemType.DEBT);
        assertThat(D.itemType(List.of("Story"))).isEqualTo(ItemType.FEATURE);
        assertThat(D.itemType(List.of("type::bug"))).isEqualTo(ItemType.DEFECT);
        assertThat(D.itemType(List.of("Refactor", "bug"))).isEqualTo(ItemType.DEFECT);
        assertThat(D.itemType(List.of())).isEqualTo(ItemType.FEATURE);
    }

    @Test
    void configuredSettingsReplaceTheDefaultsAndBadOnesAreNamed() throws Exception {
        var json = RealData.JSON.readTree("""
                {"itemTypes":{"Spike":"debt"},"incidentLabels":["sev1"],"productionEnvironments":["live"],
                 "keyPattern":"#(\\\\d+)"}""");
        ConnectorSettings s = ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "https://github.com", "a/b", json);
        assertThat(s.itemType(List.of("Spike"))).isEqualTo(ItemType.DEBT);
        assertThat(s.itemType(List.of("Bug"))).isEqualTo(ItemType.FEATURE);
        assertThat(s.isIncident(List.of("SEV1"))).isTrue();
        assertThat(s.isProduction("Live", null, false)).isTrue();
        assertThat(s.isProduction("production", null, false)).isFalse();
        assertThat(s.workItemKeys("fixes #12")).containsExactly("#12");
        ConnectorSettings again = ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b", s.settingsJson());
        assertThat(again.settingsJson()).isEqualTo(s.settingsJson());
        assertThatThrownBy(() -> ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b",
                RealData.JSON.readTree("{\"itemTypes\":{\"Bug\":\"bugfix\"}}")))
                .hasMessage("settings.itemTypes.Bug: must be one of [feature, defect, risk, debt], got 'bugfix'");
        assertThatThrownBy(() -> ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b",
                RealData.JSON.readTree("{\"keyPattern\":\"([\"}"))).hasMessageStartingWith("settings.keyPattern: not a regular expression");
    }

    @Test
    void deploymentWorkflowsAndPipelinesAreNoneByDefaultAndRulesMatchInFull() throws Exception {
        assertThat(D.deploymentWorkflows()).isEmpty();
        assertThat(D.deploymentPipelines()).isEmpty();
        assertThat(D.deploymentWorkflowEnvironment(List.of("Deploy", ".github/workflows/deploy.yml", "deploy.yml"), "main")).isEmpty();
        assertThat(D.settingsJson().get("deploymentWorkflows")).isEmpty();

        var json = RealData.JSON.readTree("""
                {"deploymentWorkflows":[{"workflow":"deploy\\\\.yml","branch":"main|release/.*"},
                                        {"workflow":"(?i)promote.*","environment":"live"}],
                 "deploymentPipelines":[{"ref":"main"},{"ref":"v\\\\d+\\\\..*","environment":"prod"}]}""");
        ConnectorSettings s = ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "https://github.com", "a/b", json);
        assertThat(s.deploymentWorkflowEnvironment(List.of("Deploy", ".github/workflows/deploy.yml", "deploy.yml"), "main")).hasValue("production");
        assertThat(s.deploymentWorkflowEnvironment(List.of("deploy.yml"), "release/2.1")).hasValue("production");
        assertThat(s.deploymentWorkflowEnvironment(List.of("deploy.yml"), "feature/x")).isEmpty();
        assertThat(s.deploymentWorkflowEnvironment(List.of("redeploy.yml.bak"), "main")).isEmpty(); // in full, not found inside
        assertThat(s.deploymentWorkflowEnvironment(List.of("Promote to live"), null)).hasValue("live");
        assertThat(s.deploymentPipelineEnvironment("main")).hasValue("production");
        assertThat(s.deploymentPipelineEnvironment("v2.3.0")).hasValue("prod");
        assertThat(s.deploymentPipelineEnvironment("main-old")).isEmpty();
        assertThat(s.deploymentPipelineEnvironment(null)).isEmpty();
        ConnectorSettings again = ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b", s.settingsJson());
        assertThat(again.settingsJson()).isEqualTo(s.settingsJson());
        assertThat(s.settingsJson().get("deploymentWorkflows").get(0).get("environment").asText()).isEqualTo("production");

        assertThatThrownBy(() -> ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b",
                RealData.JSON.readTree("{\"deploymentWorkflows\":[{\"branch\":\"main\"}]}")))
                .hasMessageStartingWith("settings.deploymentWorkflows[0].workflow: required");
        assertThatThrownBy(() -> ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b",
                RealData.JSON.readTree("{\"deploymentPipelines\":[{\"ref\":\"main\"},{\"ref\":\"([\"}]}")))
                .hasMessageStartingWith("settings.deploymentPipelines[1].ref: not a regular expression");
        assertThatThrownBy(() -> ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b",
                RealData.JSON.readTree("{\"deploymentPipelines\":{\"ref\":\"main\"}}")))
                .hasMessage("settings.deploymentPipelines: must be an array of objects");
        assertThatThrownBy(() -> ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "x", "a/b",
                RealData.JSON.readTree("{\"deploymentWorkflows\":[{\"workflow\":\"d\",\"environment\":\" \"}]}")))
                .hasMessage("settings.deploymentWorkflows[0].environment: must be a non-empty string");
    }

    @Test
    void keysAreFoundInTitleBranchAndBodyOnceEach() {
        assertThat(D.workItemKeys("PAY-12: fix", "feature/PAY-12-and-OPS-3", "see ops-4 and PAY-12")).containsExactly("PAY-12", "OPS-3");
    }

    @Test
    void theSiteIsTheHostNotTheDisplayName() {
        assertThat(D.site()).isEqualTo("acme");
        assertThat(ConnectorSettings.defaults("c9", ConnectorKind.JIRA, "n", "http://localhost:2990/jira", "").site()).isEqualTo("localhost");
        assertThat(ConnectorSettings.defaults("c9", ConnectorKind.JIRA, "n", "not a url", "").site()).isEqualTo("c9");
    }

    @Test
    void toolTimesOfEveryShapeBecomeUtc() {
        assertThat(ToolTime.parse("2016-08-12 15:23:28 UTC")).isEqualTo(Instant.parse("2016-08-12T15:23:28Z"));
        assertThat(ToolTime.parse("2021-04-28 21:50:00 +0200")).isEqualTo(Instant.parse("2021-04-28T19:50:00Z"));
        assertThat(ToolTime.parse("2015-12-20T18:25:09.582+0000")).isEqualTo(Instant.parse("2015-12-20T18:25:09.582Z"));
        assertThat(ToolTime.parse("2016-12-01T15:07:53+02:00")).isEqualTo(Instant.parse("2016-12-01T13:07:53Z"));
        assertThat(ToolTime.parse("2019-03-13T14:14:24.109Z")).isEqualTo(Instant.parse("2019-03-13T14:14:24.109Z"));
        assertThat(ToolTime.parse("yesterday")).isNull();
        assertThat(ToolTime.parse(null)).isNull();
    }

    @Test
    void theDefaultHotfixRefsMatchHotfixBranchesInFull() {
        assertThat(D.isHotfixRef("hotfix")).isTrue();
        assertThat(D.isHotfixRef("hotfix/pay-12")).isTrue();
        assertThat(D.isHotfixRef("hotfix-2.3.1")).isTrue();
        assertThat(D.isHotfixRef("hotfix_login")).isTrue();
        assertThat(D.isHotfixRef("hotfixes")).isFalse();
        assertThat(D.isHotfixRef("feature/hotfix-docs")).isFalse(); // in full, not somewhere in the name
        assertThat(D.isHotfixRef("main")).isFalse();
        assertThat(D.isHotfixRef(null)).isFalse();
        assertThat(D.hotfix("hotfix/pay-12")).isTrue();
        assertThat(D.hotfix("main")).isNull(); // absent on the event, not false
    }
}
