package dev.flowlens.ingest.connector.opsgenie;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Opsgenie mapping on DevLake's recorded incidents and on webhook integration deliveries (built from the documented shape). */
class OpsgenieMapperTest {

    static final String WEBHOOKS = "opsgenie-webhooks";
    static final String RAW = "devlake/opsgenie/raw_tables/_raw_opsgenie_incidents.csv";
    static final String SERVICE = "695bce3d-4621-4630-8ae1-24eb89c22d6e";
    static final OpsgenieMapper MAPPER = mapper("https://sandesvitor.app.opsgenie.com",
            "{\"serviceNames\": {\"" + SERVICE + "\": \"TestService\", \"checkout-api\": \"checkout\"}}");

    static OpsgenieMapper mapper(String baseUrl, String settings) {
        try {
            return new OpsgenieMapper(ConnectorSettings.fromJson("c-og", ConnectorKind.OPSGENIE, "Opsgenie", baseUrl, SERVICE,
                    RealData.JSON.readTree(settings)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyWebhookExampleMatchesItsGoldenFile() {
        List<String> payloads = RealData.jsonFiles(WEBHOOKS).toList();
        Set<String> goldens = new TreeSet<>();
        payloads.forEach(p -> goldens.add("opsgenie/webhooks/" + p.substring(WEBHOOKS.length() + 1)));
        assertThat(payloads).hasSize(4);
        return Stream.concat(payloads.stream().map(path -> DynamicTest.dynamicTest(path, () -> Golden.check(
                        "opsgenie/webhooks/" + path.substring(WEBHOOKS.length() + 1),
                        Golden.of(path, MAPPER.mapWebhook(null, RealData.json(path)))))),
                Stream.of(DynamicTest.dynamicTest("no golden file without a payload",
                        () -> Golden.assertNoOrphans("opsgenie/webhooks", goldens))));
    }

    @Test
    void devlakeRecordedIncidentsMatchTheirGoldenFile() {
        Mapping all = new Mapping();
        DevLake.table(RAW).forEach(r -> all.addAll(MAPPER.restIncident(r.data())));
        Golden.check("opsgenie/devlake/incidents.json", Golden.of(RAW, all));
        assertThat(all.events()).hasSize(3);
    }

    /**
     * DevLake's normalised issues of the same recording ({@code issues.csv}) and its tool table (service name):
     * opened at {@code created_date} with the url and the priority, the DONE one resolved at its
     * {@code resolution_date}, the open one (DevLake: IN_PROGRESS) not; the service is DevLake's {@code service_name}
     * through the connector's {@code serviceNames}.
     */
    @Test
    void openingsAndResolutionsAgreeWithDevlakesSnapshot() {
        Map<String, List<String>> expected = new HashMap<>();
        Map<String, String> serviceName = new HashMap<>();
        DevLake.table("devlake/opsgenie/snapshot_tables/_tool_opsgenie_incidents.csv").forEach(r -> serviceName.put(r.get("id"), r.get("service_name")));
        for (DevLake.Row r : DevLake.table("devlake/opsgenie/snapshot_tables/issues.csv")) {
            expected.put(r.get("issue_key"), List.of(DevLake.time(r.get("created_date")).toString(), r.get("url"), r.get("priority"),
                    r.get("title"), serviceName.get(r.get("issue_key")),
                    r.get("status").equals("DONE") ? DevLake.time(r.get("resolution_date")).toString() : "unresolved"));
        }
        Map<String, List<String>> opened = new HashMap<>();
        Map<String, String> resolved = new HashMap<>();
        for (DevLake.Row row : DevLake.table(RAW)) {
            for (ObjectNode e : MAPPER.restIncident(row.data()).events()) {
                String id = e.at("/data/incidentId").asText().substring("opsgenie:sandesvitor:".length());
                if (e.get("type").asText().equals("incident.opened")) {
                    opened.put(id, List.of(Instant.parse(e.at("/data/openedAt").asText()).toString(), e.at("/data/url").asText(),
                            e.at("/data/severity").asText(), e.at("/data/title").asText(), e.at("/data/service").asText()));
                } else {
                    resolved.put(id, Instant.parse(e.at("/data/resolvedAt").asText()).toString());
                }
            }
        }
        Map<String, List<String>> actual = new HashMap<>();
        opened.forEach((id, o) -> {
            List<String> row = new java.util.ArrayList<>(o);
            row.add(resolved.getOrDefault(id, "unresolved"));
            actual.put(id, row);
        });
        assertThat(expected).hasSize(2);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void anIncidentTaggedAlertIsOpenedByCreateAndResolvedByClose() {
        Mapping created = MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/webhook-integration/create.json"));
        assertThat(created.events()).hasSize(1);
        JsonNode o = created.events().get(0);
        String id = "opsgenie:sandesvitor:alert:60b6c3b2-5b8a-4f3e-9a1d-3b2c1d0e9f77-1617270410440";
        assertThat(o.get("id").asText()).isEqualTo(id + ":opened");
        assertThat(o.at("/data/service").asText()).isEqualTo("checkout");
        assertThat(o.at("/data/severity").asText()).isEqualTo("P2");
        assertThat(o.at("/data/openedAt").asText()).isEqualTo("2021-04-01T09:46:50.440Z");
        Mapping closed = MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/webhook-integration/close.json"));
        assertThat(closed.events()).extracting(e -> e.get("id").asText())
                .containsExactly(id + ":opened", id + ":resolved:2021-04-01T10:26:50.250Z");
        assertThat(closed.events().get(0)).isEqualTo(o);
        assertThat(MAPPER.mapWebhook(null, RealData.json(WEBHOOKS + "/webhook-integration/create-not-an-incident.json")).events()).isEmpty();
    }

    @Test
    void theAccountIsTheSubdomainAndTheApiOpsgenies() {
        assertThat(OpsgenieMapper.account(ConnectorSettings.defaults("c", ConnectorKind.OPSGENIE, "o", "https://acme.app.eu.opsgenie.com", "x")))
                .isEqualTo("acme");
        assertThat(OpsgenieClient.apiBase("https://acme.app.opsgenie.com").toString()).isEqualTo("https://api.opsgenie.com");
        assertThat(OpsgenieClient.apiBase("https://acme.app.eu.opsgenie.com/").toString()).isEqualTo("https://api.eu.opsgenie.com");
        assertThat(OpsgenieClient.apiBase("http://127.0.0.1:9000").toString()).isEqualTo("http://127.0.0.1:9000");
    }
}
