package dev.flowlens.ingest.connector.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Golden;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.testsupport.DevLake;
import dev.flowlens.testsupport.RealData;
import java.nio.charset.StandardCharsets;
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

/** PagerDuty mapping on v3 webhook bodies (built from the documented shape) and DevLake's recorded REST incidents. */
class PagerdutyMapperTest {

    static final String WEBHOOKS = "pagerduty-webhooks";
    static final String RAW = "devlake/pagerduty/raw_tables/_raw_pagerduty_incidents.csv";
    static final PagerdutyMapper ACME = new PagerdutyMapper(
            ConnectorSettings.defaults("c-pd", ConnectorKind.PAGERDUTY, "PagerDuty", "https://acme.pagerduty.com", "PF9KMXH"));
    static final PagerdutyMapper KEON = new PagerdutyMapper(
            ConnectorSettings.defaults("c-keon", ConnectorKind.PAGERDUTY, "keon", "https://keon-test.pagerduty.com", "PIKL83L"));

    @TestFactory
    Stream<DynamicTest> everyWebhookExampleMatchesItsGoldenFile() {
        List<String> payloads = RealData.jsonFiles(WEBHOOKS).toList();
        Set<String> goldens = new TreeSet<>();
        payloads.forEach(p -> goldens.add("pagerduty/webhooks/" + p.substring(WEBHOOKS.length() + 1)));
        assertThat(payloads).hasSize(4);
        return Stream.concat(payloads.stream().map(path -> DynamicTest.dynamicTest(path, () -> Golden.check(
                        "pagerduty/webhooks/" + path.substring(WEBHOOKS.length() + 1),
                        Golden.of(path, ACME.mapWebhook(null, RealData.json(path)))))),
                Stream.of(DynamicTest.dynamicTest("no golden file without a payload",
                        () -> Golden.assertNoOrphans("pagerduty/webhooks", goldens))));
    }

    @Test
    void devlakeRecordedIncidentsMatchTheirGoldenFile() {
        Mapping all = new Mapping();
        DevLake.table(RAW).forEach(r -> all.addAll(KEON.restIncident(r.data())));
        Golden.check("pagerduty/devlake/incidents.json", Golden.of(RAW, all));
        // three incidents (triggered, acknowledged, resolved): three openings, one resolution
        assertThat(all.events()).hasSize(4);
    }

    /**
     * DevLake's normalised issues of the same recording (snapshot {@code issues.csv}): every incident is opened at its
     * {@code created_date} with its url, the resolved one (DONE) resolved at its {@code resolution_date}, the others
     * (TODO, IN_PROGRESS) not resolved; DevLake's {@code urgency} is our severity (the account has no priorities).
     */
    @Test
    void openingsAndResolutionsAgreeWithDevlakesSnapshot() {
        Map<String, List<String>> expected = new HashMap<>();
        for (DevLake.Row r : DevLake.table("devlake/pagerduty/snapshot_tables/issues.csv")) {
            String id = r.get("url").substring(r.get("url").lastIndexOf('/') + 1);
            expected.put(id, List.of(DevLake.time(r.get("created_date")).toString(), r.get("url"), r.get("urgency"),
                    r.get("status").equals("DONE") ? DevLake.time(r.get("resolution_date")).toString() : "unresolved"));
        }
        Map<String, List<String>> actual = new HashMap<>();
        Map<String, String> resolved = new HashMap<>();
        Map<String, List<String>> opened = new HashMap<>();
        for (DevLake.Row row : DevLake.table(RAW)) {
            for (ObjectNode e : KEON.restIncident(row.data()).events()) {
                String id = e.at("/data/incidentId").asText().substring("pagerduty:keon-test:".length());
                if (e.get("type").asText().equals("incident.opened")) {
                    opened.put(id, List.of(Instant.parse(e.at("/data/openedAt").asText()).toString(), e.at("/data/url").asText(),
                            e.at("/data/severity").asText()));
                } else {
                    resolved.put(id, Instant.parse(e.at("/data/resolvedAt").asText()).toString());
                }
            }
        }
        opened.forEach((id, o) -> actual.put(id, List.of(o.get(0), o.get(1), o.get(2), resolved.getOrDefault(id, "unresolved"))));
        assertThat(expected).hasSize(3);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aTriggeredIncidentIsOpenedWithItsServiceTitleUrlAndPriority() {
        Mapping m = ACME.mapWebhook(null, RealData.json(WEBHOOKS + "/developer-docs/incident.triggered.json"));
        assertThat(m.events()).hasSize(1);
        JsonNode o = m.events().get(0);
        assertThat(o.get("id").asText()).isEqualTo("pagerduty:acme:PGR0VU2:opened");
        assertThat(o.get("type").asText()).isEqualTo("incident.opened");
        assertThat(o.at("/data/incidentId").asText()).isEqualTo("pagerduty:acme:PGR0VU2");
        assertThat(o.at("/data/service").asText()).isEqualTo("API Service");
        assertThat(o.at("/data/severity").asText()).isEqualTo("P1");
        assertThat(o.at("/data/title").asText()).isEqualTo("A little bump in the road");
        assertThat(o.at("/data/url").asText()).isEqualTo("https://acme.pagerduty.com/incidents/PGR0VU2");
        assertThat(o.at("/data/openedAt").asText()).isEqualTo("2020-04-09T15:16:27Z");
    }

    @Test
    void aResolvedEventResolvesAtItsOccurrenceAndRepeatsTheSameOpening() {
        Mapping m = ACME.mapWebhook(null, RealData.json(WEBHOOKS + "/developer-docs/incident.resolved.json"));
        assertThat(m.events()).extracting(e -> e.get("id").asText())
                .containsExactly("pagerduty:acme:PGR0VU2:opened", "pagerduty:acme:PGR0VU2:resolved:2020-10-02T18:45:22.169Z");
        JsonNode r = m.events().get(1);
        assertThat(r.at("/data/openedAt").asText()).isEqualTo("2020-04-09T15:16:27Z");
        assertThat(r.at("/data/resolvedAt").asText()).isEqualTo("2020-10-02T18:45:22.169Z");
        // the opening is the triggered event's, byte for byte: a fact seen twice counts once
        JsonNode triggered = ACME.mapWebhook(null, RealData.json(WEBHOOKS + "/developer-docs/incident.triggered.json")).events().get(0);
        assertThat(m.events().get(0)).isEqualTo(triggered);
    }

    @Test
    void theServiceMappingNamesTheFlowlensServiceByIdOrName() throws Exception {
        JsonNode payload = RealData.json(WEBHOOKS + "/developer-docs/incident.triggered.json");
        PagerdutyMapper byId = mapper("{\"serviceNames\": {\"PF9KMXH\": \"payments\"}}");
        assertThat(byId.mapWebhook(null, payload).events().get(0).at("/data/service").asText()).isEqualTo("payments");
        PagerdutyMapper byName = mapper("{\"serviceNames\": {\"api service\": \"checkout\"}}");
        assertThat(byName.mapWebhook(null, payload).events().get(0).at("/data/service").asText()).isEqualTo("checkout");
        PagerdutyMapper other = mapper("{\"serviceNames\": {\"PXXXXXX\": \"other\"}}");
        assertThat(other.mapWebhook(null, payload).events().get(0).at("/data/service").asText()).isEqualTo("API Service");
    }

    @Test
    void aPingANoteAndAnIncidentWithoutAServiceMapToNothing() {
        assertThat(ACME.mapWebhook(null, RealData.json(WEBHOOKS + "/developer-docs/pagey.ping.json")).events()).isEmpty();
        ObjectNode note = (ObjectNode) RealData.json(WEBHOOKS + "/developer-docs/incident.triggered.json");
        ((ObjectNode) note.get("event")).put("event_type", "incident.annotated");
        ((ObjectNode) note.at("/event/data")).put("type", "incident_note");
        assertThat(ACME.mapWebhook(null, note).events()).isEmpty();
        ObjectNode noService = (ObjectNode) RealData.json(WEBHOOKS + "/developer-docs/incident.triggered.json");
        ((ObjectNode) noService.at("/event/data")).remove("service");
        Mapping m = ACME.mapWebhook(null, noService);
        assertThat(m.events()).isEmpty();
        assertThat(m.skipped()).containsExactly("incident PGR0VU2 without a service");
    }

    @Test
    void aDeploymentIdInTheTitleIsTheCause() {
        ObjectNode payload = (ObjectNode) RealData.json(WEBHOOKS + "/developer-docs/incident.triggered.json");
        ((ObjectNode) payload.at("/event/data")).put("title", "Checkout down, caused by deployment jenkins:ci.example:deploy-checkout#42");
        assertThat(ACME.mapWebhook(null, payload).events().get(0).at("/data/causedByDeploymentId").asText())
                .isEqualTo("jenkins:ci.example:deploy-checkout#42");
    }

    @Test
    void theAccountInIdsIsTheSubdomainAndTheApiIsPagerdutys() {
        assertThat(PagerdutyMapper.account(settings("https://acme.eu.pagerduty.com"))).isEqualTo("acme");
        assertThat(PagerdutyMapper.account(settings("https://acme.pagerduty.com/"))).isEqualTo("acme");
        assertThat(PagerdutyMapper.account(settings("http://127.0.0.1:8089"))).isEqualTo("127.0.0.1");
        assertThat(PagerdutyClient.apiBase("https://acme.pagerduty.com").toString()).isEqualTo("https://api.pagerduty.com");
        assertThat(PagerdutyClient.apiBase("https://acme.eu.pagerduty.com").toString()).isEqualTo("https://api.eu.pagerduty.com");
        assertThat(PagerdutyClient.apiBase("http://127.0.0.1:8089/").toString()).isEqualTo("http://127.0.0.1:8089");
    }

    /** The v3 signature: v1=<hex HMAC-SHA256>, any of several (a secret in rotation), nothing else. */
    @Test
    void theSignatureIsAnyV1HmacOfTheBodyUnderTheSecret() {
        byte[] body = "{\"event\":{}}".getBytes(StandardCharsets.UTF_8);
        String good = PagerdutySignature.sign("s3cret", body);
        assertThat(good).matches("v1=[0-9a-f]{64}");
        assertThat(PagerdutySignature.matches("s3cret", body, good)).isTrue();
        assertThat(PagerdutySignature.matches("s3cret", body, PagerdutySignature.sign("old", body) + ", " + good)).isTrue();
        assertThat(PagerdutySignature.matches("s3cret", body, PagerdutySignature.sign("old", body))).isFalse();
        assertThat(PagerdutySignature.matches("s3cret", "{}".getBytes(StandardCharsets.UTF_8), good)).isFalse();
        assertThat(PagerdutySignature.matches("s3cret", body, good.replace("v1=", "sha256="))).isFalse();
        assertThat(PagerdutySignature.matches("s3cret", body, "v1=zz")).isFalse();
        assertThat(PagerdutySignature.matches("s3cret", body, "")).isFalse();
        assertThat(PagerdutySignature.matches("s3cret", body, null)).isFalse();
    }

    static ConnectorSettings settings(String baseUrl) {
        return ConnectorSettings.defaults("c", ConnectorKind.PAGERDUTY, "PagerDuty", baseUrl, "PF9KMXH");
    }

    static PagerdutyMapper mapper(String settingsJson) throws Exception {
        return new PagerdutyMapper(ConnectorSettings.fromJson("c-pd", ConnectorKind.PAGERDUTY, "PagerDuty", "https://acme.pagerduty.com",
                "PF9KMXH", RealData.JSON.readTree(settingsJson)));
    }
}
