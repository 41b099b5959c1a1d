package dev.flowlens.ingest.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.testsupport.RealData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping options read and written by Jackson: the stored form, and each malformed option named where it is. */
class MappingOptionsTest {

    static ConnectorSettings read(String json) throws Exception {
        return ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "https://github.com", "a/b", RealData.JSON.readTree(json));
    }

    static void refused(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theDefaultsAreWrittenWholeInTheStoredForm() throws Exception {
        // the JSON ingest.connector.settings holds and the admin API shows, as the hand-written writer made it
        assertThat(ConnectorSettingsTest.D.settingsJson().toString()).isEqualTo("{\"itemTypes\":{\"bug\":\"defect\","
                + "\"incident\":\"defect\",\"refactor\":\"debt\",\"security\":\"risk\",\"tech debt\":\"debt\","
                + "\"technical debt\":\"debt\",\"vulnerability\":\"risk\"},\"incidentLabels\":[\"incident\"],"
                + "\"productionEnvironments\":[\"production\",\"prod\"],\"productionTiers\":[\"production\"],"
                + "\"keyPattern\":\"\\\\b[A-Z][A-Z0-9]+-\\\\d+\\\\b\","
                + "\"causePattern\":\"(?i)caused by deployment[\\\\s:#]*([\\\\w.:/#@-]+)\","
                + "\"deploymentWorkflows\":[],\"deploymentPipelines\":[]}");
        ConnectorSettings s = read("{\"deploymentWorkflows\":[{\"workflow\":\"deploy\"},{\"workflow\":\"ship\",\"branch\":\"main\",\"environment\":\"live\"}]}");
        assertThat(s.settingsJson().get("deploymentWorkflows").toString())
                .isEqualTo("[{\"workflow\":\"deploy\",\"environment\":\"production\"},"
                        + "{\"workflow\":\"ship\",\"branch\":\"main\",\"environment\":\"live\"}]");
    }

    @Test
    void nothingOrNullOrUnknownOptionsMeanTheDefaults() throws Exception {
        assertThat(ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "https://github.com", "a/b", null).options())
                .isEqualTo(read("{}").options());
        assertThat(read("{\"itemTypes\":null,\"incidentLabels\":null,\"aLaterOption\":[1,2]}").options())
                .isEqualTo(read("{}").options());
        assertThat(read("{\"incidentLabels\":[]}").isIncident(List.of("incident"))).isFalse();
    }

    @Test
    void aMalformedOptionIsNamedWhereItIs() {
        refused("[]", "settings: must be a JSON object");
        refused("{\"itemTypes\":[\"bug\"]}", "settings.itemTypes: must be an object of tool type -> itemType");
        refused("{\"itemTypes\":{\"Bug\":{\"a\":1}}}", "settings.itemTypes.Bug: must be one of [feature, defect, risk, debt]");
        refused("{\"itemTypes\":{\"Bug\":null}}", "settings.itemTypes.Bug: must be one of [feature, defect, risk, debt], got ''");
        refused("{\"productionTiers\":\"production\"}", "settings.productionTiers: must be an array of strings");
        refused("{\"incidentLabels\":[\"sev1\",{\"x\":1}]}", "settings.incidentLabels[1]: must be a string");
        refused("{\"incidentLabels\":[null]}", "settings.incidentLabels[0]: must be a string");
        refused("{\"keyPattern\":5}", "settings.keyPattern: must be a string");
        refused("{\"causePattern\":\"(\"}", "settings.causePattern: not a regular expression: Unclosed group");
        refused("{\"deploymentWorkflows\":[\"deploy\"]}", "settings.deploymentWorkflows[0]: must be an object");
        refused("{\"deploymentWorkflows\":[null]}", "settings.deploymentWorkflows[0]: must be an object");
        refused("{\"deploymentWorkflows\":[{\"workflow\":\"d\",\"environment\":5}]}",
                "settings.deploymentWorkflows[0].environment: must be a non-empty string");
        refused("{\"deploymentWorkflows\":[{\"workflow\":\"d\",\"branch\":true}]}",
                "settings.deploymentWorkflows[0].branch: must be a string");
        refused("{\"deploymentPipelines\":[{\"ref\":\"main\"},{\"environment\":\"live\"}]}",
                "settings.deploymentPipelines[1].ref: required (the pipeline's branch or tag, a regular expression)");
        refused("{\"deploymentPipelines\":[{\"ref\":\"main\",\"environment\":\"\"}]}",
                "settings.deploymentPipelines[0].environment: must be a non-empty string");
        refused("{\"hotfixRefs\":\"hotfix/.*\"}", "settings.hotfixRefs: must be an array of strings");
        refused("{\"hotfixRefs\":[\"hotfix/.*\",7]}", "settings.hotfixRefs[1]: must be a string");
        refused("{\"hotfixRefs\":[null]}", "settings.hotfixRefs[0]: must be a non-empty string (a regular expression)");
        refused("{\"hotfixRefs\":[\"\"]}", "settings.hotfixRefs[0]: must be a non-empty string (a regular expression)");
        refused("{\"hotfixRefs\":[\"hotfix/(\"]}", "settings.hotfixRefs[0]: not a regular expression: Unclosed group");
    }

    @Test
    void hotfixRefsAreStoredOnlyWhenNotTheDefaultAndReadBackTheSame() throws Exception {
        // the default is not written, so the stored settings of existing connectors stay as they were
        assertThat(read("{}").settingsJson().has("hotfixRefs")).isFalse();
        assertThat(read("{\"hotfixRefs\":[\"hotfix\",\"hotfix[/_-].*\"]}").settingsJson()).isEqualTo(read("{}").settingsJson());
        ConnectorSettings custom = read("{\"hotfixRefs\":[\"release/.*-hf\",\"(?i)urgent/.*\"]}");
        assertThat(custom.settingsJson().get("hotfixRefs").toString()).isEqualTo("[\"release/.*-hf\",\"(?i)urgent/.*\"]");
        ConnectorSettings again = ConnectorSettings.fromJson("c1", ConnectorKind.GITHUB, "n", "https://github.com", "a/b",
                MappingOptions.read(custom.settingsJson()).toJson());
        assertThat(again.options()).isEqualTo(custom.options());
        assertThat(again.isHotfixRef("release/2.3-hf")).isTrue();
        assertThat(again.isHotfixRef("hotfix/pay-12")).isFalse(); // a configured list replaces the default
        // none: no ref is a hotfix, and that choice is stored
        ConnectorSettings none = read("{\"hotfixRefs\":[]}");
        assertThat(none.settingsJson().get("hotfixRefs").toString()).isEqualTo("[]");
        assertThat(read(none.settingsJson().toString()).isHotfixRef("hotfix")).isFalse();
    }
}
