package dev.flowlens.ingest.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Golden;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.testsupport.RealData;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Jira mapping on real webhook bodies and DevLake's recorded board issues with changelogs. */
class JiraMapperTest {

    static final String WEBHOOKS = "jira-webhooks";
    static final JiraMapper MAPPER = new JiraMapper(
            ConnectorSettings.defaults("c-jira", ConnectorKind.JIRA, "Jira", "https://acme.atlassian.net", "project = TEST"));
    static final JiraMapper MERICO = new JiraMapper(
            ConnectorSettings.defaults("c-merico", ConnectorKind.JIRA, "Merico", "https://merico.atlassian.net", "project = EE"));

    @TestFactory
    Stream<DynamicTest> everyWebhookExampleMatchesItsGoldenFile() {
        List<String> payloads = RealData.jsonFiles(WEBHOOKS).toList();
        Set<String> goldens = new TreeSet<>();
        payloads.forEach(p -> goldens.add("jira/webhooks/" + p.substring(WEBHOOKS.length() + 1)));
        return Stream.concat(payloads.stream().map(path -> DynamicTest.dynamicTest(path, () -> Golden.check(
                        "jira/webhooks/" + path.substring(WEBHOOKS.length() + 1),
                        Golden.of(path, MAPPER.mapWebhook(null, RealData.json(path)))))),
                Stream.of(DynamicTest.dynamicTest("no golden file without a payload",
                        () -> Golden.assertNoOrphans("jira/webhooks", goldens))));
    }

    @TestFactory
    Stream<DynamicTest> devlakeBoardIssuesMatchTheirGoldenFiles() {
        return RealData.jsonFiles("devlake/jira/derived").map(path -> DynamicTest.dynamicTest(path, () -> {
            Mapping all = new Mapping();
            RealData.json(path).get("issues").forEach(i -> all.addAll(MERICO.restIssue(i)));
            Golden.check("jira/devlake/" + path.substring(path.lastIndexOf('/') + 1), Golden.of(path, all));
        }));
    }

    static JsonNode only(Mapping m, String type) {
        List<ObjectNode> found = m.events().stream().filter(e -> e.get("type").asText().equals(type)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void aStatusChangelogIsATransitionAtTheWebhookTimestamp() {
        Mapping m = MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/jenkins-jira-trigger-plugin/issue_updated_status_updated.json"));
        JsonNode t = only(m, "workitem.transitioned");
        assertThat(t.get("id").asText()).isEqualTo("jira:acme:10010:changelog:10202");
        assertThat(t.at("/data/itemId").asText()).isEqualTo("jira:acme:TEST-11");
        assertThat(t.at("/data/fromStatus").asText()).isEqualTo("To Do");
        assertThat(t.at("/data/toStatus").asText()).isEqualTo("Done");
        // "timestamp": 1452812797049 ms
        assertThat(t.at("/data/at").asText()).isEqualTo("2016-01-14T22:26:37.049Z".replace("22:26", "23:06"));
        assertThat(java.time.Instant.parse(t.get("time").asText()).toEpochMilli()).isEqualTo(1452812797049L);
    }

    @Test
    void toDoToInProgressAndTheUpsertOfAStory() {
        Mapping m = MAPPER.mapWebhook(null,
                RealData.json(WEBHOOKS + "/symphony-app-integrations-jira/issue_updated_status_todo_to_inprogress.json"));
        JsonNode t = only(m, "workitem.transitioned");
        assertThat(t.at("/data/fromStatus").asText()).isEqualTo("To Do");
        assertThat(t.at("/data/toStatus").asText()).isEqualTo("In Progress");
        assertThat(java.time.Instant.parse(t.at("/data/at").asText()).toEpochMilli()).isEqualTo(1463488999847L);
        JsonNode u = only(m, "workitem.upserted");
        assertThat(u.at("/data/itemType").asText()).isEqualTo("feature");
        assertThat(u.at("/data/status").asText()).isEqualTo("In Progress");
        assertThat(u.at("/data/project").asText()).isEqualTo("SAM");
        assertThat(u.at("/data/createdAt").asText()).isEqualTo("2016-05-16T19:31:04.121Z"); // 16:31:04.121-0300
    }

    @Test
    void aBugIsADefectAndAnIncidentTypeOpensAndResolvesAnIncident() {
        JsonNode payload = RealData.json(WEBHOOKS + "/symphony-app-integrations-jira/issue_updated.json");
        assertThat(only(MAPPER.mapWebhook(null, payload), "workitem.upserted").at("/data/itemType").asText()).isEqualTo("defect");
        ObjectNode fields = (ObjectNode) payload.get("issue").get("fields");
        ((ObjectNode) fields.get("issuetype")).put("name", "Incident");
        fields.put("description", "caused by deployment github:acme/pay:deployment:42");
        Mapping m = MAPPER.mapWebhook(null, payload);
        JsonNode opened = only(m, "incident.opened");
        assertThat(opened.at("/data/service").asText()).isEqualTo("SAM");
        assertThat(opened.at("/data/causedByDeploymentId").asText()).isEqualTo("github:acme/pay:deployment:42");
        JsonNode resolved = only(m, "incident.resolved");
        assertThat(resolved.at("/data/resolvedAt").asText()).isEqualTo("2016-05-16T19:48:38.674Z");
    }

    @Test
    void aDeletedIssueIsADeletedWorkItemAndSprintEventsMapToNothing() {
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/jenkins-jira-trigger-plugin/issue_created.json");
        payload.put("webhookEvent", "jira:issue_deleted");
        JsonNode d = only(MAPPER.mapWebhook(null, payload), "workitem.deleted");
        assertThat(d.at("/data/itemId").asText()).isEqualTo("jira:acme:TEST-4");
        assertThat(MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/symphony-app-integrations-jira/sprint_started.json")).events()).isEmpty();
    }

    @Test
    void aRestChangelogTransitionKeepsItsHistoryIdAndCreatedTime() {
        JsonNode issue = RealData.json("devlake/jira/derived/issues_expand_changelog_connection2_board8.json").get("issues").get(0);
        Mapping m = MERICO.restIssue(issue);
        List<ObjectNode> transitions = m.events().stream().filter(e -> e.get("type").asText().equals("workitem.transitioned")).toList();
        long statusItems = 0;
        for (JsonNode h : issue.at("/changelog/histories")) {
            for (JsonNode item : h.get("items")) {
                if (item.path("field").asText().equals("status")) {
                    statusItems++;
                    JsonNode t = transitions.stream().filter(e -> e.get("id").asText().equals(
                            "jira:merico:" + issue.get("id").asText() + ":changelog:" + h.get("id").asText())).findFirst().orElseThrow();
                    assertThat(t.at("/data/fromStatus").asText()).isEqualTo(item.get("fromString").asText());
                    assertThat(t.at("/data/toStatus").asText()).isEqualTo(item.get("toString").asText());
                    assertThat(java.time.Instant.parse(t.at("/data/at").asText()))
                            .isEqualTo(dev.flowlens.ingest.connector.ToolTime.parse(h.get("created").asText()));
                }
            }
        }
        assertThat(statusItems).isPositive();
        assertThat(transitions).hasSize((int) statusItems);
    }

    /**
     * Issue 21: Jira links are the connector's base URL (http(s), the admin API refuses anything else) plus
     * {@code /browse/<key>}; a key that breaks the URL, or a base URL stored before that check, leaves the link
     * out and keeps the item.
     */
    @Test
    void aLinkThatIsNotAnHttpUrlIsLeftOutAndTheIssueKept() {
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/jenkins-jira-trigger-plugin/issue_created.json");
        assertThat(only(MAPPER.mapWebhook(null, payload), "workitem.upserted").at("/data/url").asText())
                .isEqualTo("https://acme.atlassian.net/browse/TEST-4");

        JiraMapper scriptBase = new JiraMapper(ConnectorSettings.defaults("c-old", ConnectorKind.JIRA, "Old",
                "javascript:alert(1)//", "project = TEST"));
        Mapping m = scriptBase.mapWebhook(null, payload);
        assertThat(only(m, "workitem.upserted").at("/data").has("url")).isFalse();
        assertThat(m.skipped()).anyMatch(r -> r.contains("url left out, not an http(s) URL: 'javascript:alert(1)/browse/TEST-4'"));

        ((ObjectNode) payload.get("issue")).put("key", "TEST-4\"><img src=x onerror=alert(1)>");
        JsonNode odd = only(MAPPER.mapWebhook(null, payload), "workitem.upserted");
        assertThat(odd.at("/data/key").asText()).isEqualTo("TEST-4\"><img src=x onerror=alert(1)>");
        assertThat(odd.at("/data").has("url")).isFalse();
    }

}
