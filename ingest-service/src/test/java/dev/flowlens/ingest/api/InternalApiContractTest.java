package dev.flowlens.ingest.api;

import static dev.flowlens.ingest.connector.PullHarness.saveConnector;
import static dev.flowlens.ingest.connector.PullHarness.serviceToken;
import static dev.flowlens.ingest.connector.PullHarness.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.ingest.connector.PullHarness;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ingest-service's half of the contract with the gateway's client ({@code gateway/.../client/IngestApi}): the
 * calls the gateway makes are made here for real, and their answers must be the examples committed in
 * docs/internal-api/ingest.json, which the gateway's {@code IngestContractTest} decodes with the gateway's records.
 * A change of these answers fails here until the file is recorded again ({@code -Dflowlens.record-contract=true}),
 * and the recorded file then fails the gateway's test if the gateway can no longer read it.
 * <p>
 * Values that differ from run to run are checked (a UUID, an RFC 3339 time, a text) and then written as fixed
 * ones, so the file changes only when the API does.
 */
@QuarkusTest
class InternalApiContractTest {

    static final Path EXAMPLES = Path.of(System.getProperty("flowlens.repository", "..")).toAbsolutePath().normalize()
            .resolve("docs/internal-api/ingest.json");
    static final String CONNECTOR_ID = "6f1c2a4e-0000-4000-8000-000000000001";
    static final String RUN_ID = "9b3d5f70-0000-4000-8000-000000000002";
    static final String PULLED_ID = "0c8e7a11-0000-4000-8000-000000000003";
    static final String TOOL_URL = "https://tool.example";
    static final String STARTED_AT = "2026-03-02T09:15:00Z";
    static final String LAST_ERROR = "(the pull's error: a text naming the call that failed)";

    /** A connector as the gateway's ConnectorInput sends it (an address that does not resolve: nothing is pulled). */
    static final String SAVE = "{\"kind\":\"GITHUB\",\"name\":\"Payments repos\",\"baseUrl\":\"https://github.example\","
            + "\"token\":\"ghp_example\",\"webhookSecret\":\"whsec_example\",\"selector\":\"acme/payments\"}";

    final ObjectMapper json = new ObjectMapper();

    @Test
    void theAnswersTheGatewayReadsAreTheCommittedExamples() throws IOException {
        String token = serviceToken();
        ObjectNode examples = json.createObjectNode();

        Response saved = given().auth().oauth2(token).contentType("application/json").body(SAVE)
                .put("/internal/v1/connectors");
        assertThat(saved.statusCode()).as(saved.asString()).isEqualTo(200);
        ObjectNode connector = (ObjectNode) json.readTree(saved.asString());
        String id = connector.path("id").asText();
        assertUuid(id);
        example(examples, "saveConnector", "PUT /internal/v1/connectors", json.readTree(SAVE), 200,
                stable(connector, id, null));

        Response started = given().auth().oauth2(token).post("/internal/v1/connectors/" + id + "/sync");
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
        ObjectNode run = (ObjectNode) json.readTree(started.asString());
        String runId = run.path("id").asText();
        assertUuid(runId);
        assertThat(run.path("status").asText()).isEqualTo("RUNNING");
        example(examples, "syncConnector", "POST /internal/v1/connectors/{id}/sync", null, 202, stable(run, id, runId));

        // the run ends (the address does not resolve): the connector then shows its lastError
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !json.readTree(
                given().auth().oauth2(token).get("/internal/v1/connectors/" + id + "/sync-runs").then().statusCode(200)
                        .extract().asString()).path(0).path("status").asText().equals("RUNNING"));
        // and one whose pull succeeds (a tool on loopback answering an empty repository): it shows its lastSyncAt
        HttpServer tool = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tool.createContext("/", ex -> PullHarness.send(ex, 200, ex.getRequestURI().getPath().endsWith("/actions/runs")
                ? "{\"total_count\":0,\"workflow_runs\":[]}" : "[]", Map.of()));
        tool.start();
        String toolUrl = "http://127.0.0.1:" + tool.getAddress().getPort();
        String pulledId;
        try {
            pulledId = saveConnector(token, SAVE.replace("https://github.example", toolUrl));
            String pulledRun = sync(pulledId, token).getString("id");
            assertThat(sync(pulledId, token).getString("status")).isNotNull(); // a second run: the history has two pages
            // the history, one run a page (the older run, on the second page), and the newest run's progress
            Response firstPage = given().auth().oauth2(token).queryParam("first", 1)
                    .get("/internal/v1/connectors/" + pulledId + "/sync-run-page");
            assertThat(firstPage.statusCode()).as(firstPage.asString()).isEqualTo(200);
            String cursor = json.readTree(firstPage.asString()).path("nextCursor").asText();
            Response page = given().auth().oauth2(token).queryParam("first", 1).queryParam("after", cursor)
                    .get("/internal/v1/connectors/" + pulledId + "/sync-run-page");
            assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
            ObjectNode runs = (ObjectNode) json.readTree(page.asString());
            assertThat(runs.path("items").path(0).path("id").asText()).isEqualTo(pulledRun);
            ObjectNode runsExample = (ObjectNode) json.readTree(json.writeValueAsString(runs).replace(pulledRun, RUN_ID)
                    .replace(pulledId, PULLED_ID).replace(toolUrl, TOOL_URL));
            ((ArrayNode) runsExample.path("items")).set(0, stable((ObjectNode) runsExample.path("items").path(0), PULLED_ID, RUN_ID));
            example(examples, "syncRuns", "GET /internal/v1/connectors/{id}/sync-run-page?first=1&after={nextCursor}", null, 200,
                    runsExample);
            Response progress = given().auth().oauth2(token).get("/internal/v1/connectors/" + pulledId + "/sync-progress");
            assertThat(progress.statusCode()).as(progress.asString()).isEqualTo(200);
            ObjectNode latest = (ObjectNode) json.readTree(progress.asString());
            String latestId = latest.path("id").asText();
            example(examples, "syncProgress", "GET /internal/v1/connectors/{id}/sync-progress", null, 200,
                    stable((ObjectNode) json.readTree(json.writeValueAsString(latest).replace(pulledId, PULLED_ID)), PULLED_ID, latestId));
            // a connection test of the same tool (GET /user answers no login here)
            String testInput = SAVE.replace("https://github.example", toolUrl);
            Response tested = given().auth().oauth2(token).contentType("application/json").body(testInput)
                    .post("/internal/v1/connectors/test");
            assertThat(tested.statusCode()).as(tested.asString()).isEqualTo(200);
            assertThat(json.readTree(tested.asString()).path("ok").asBoolean()).as(tested.asString()).isTrue();
            example(examples, "testConnector", "POST /internal/v1/connectors/test", json.readTree(SAVE), 200,
                    json.readTree(tested.asString().replace(toolUrl, TOOL_URL)));
        } finally {
            tool.stop(0);
        }
        Response listed = given().auth().oauth2(token).get("/internal/v1/connectors");
        assertThat(listed.statusCode()).as(listed.asString()).isEqualTo(200);
        ArrayNode ours = json.createArrayNode();
        for (String wanted : new String[] {id, pulledId}) {
            for (JsonNode c : json.readTree(listed.asString())) {
                if (c.path("id").asText().equals(wanted)) {
                    ours.add(wanted.equals(id) ? stable((ObjectNode) c, id, null) : (ObjectNode) json.readTree(
                            json.writeValueAsString(stable((ObjectNode) c, pulledId, null)).replace(CONNECTOR_ID,
                                    PULLED_ID).replace(toolUrl, TOOL_URL)));
                }
            }
        }
        assertThat(ours).hasSize(2);
        assertThat(ours.get(0).path("lastError").isTextual()).as("lastError after a failed pull").isTrue();
        assertThat(ours.get(1).path("lastSyncAt").isTextual()).as("lastSyncAt after a pull").isTrue();
        example(examples, "connectors", "GET /internal/v1/connectors", null, 200, ours);

        Response deleted = given().auth().oauth2(token).delete("/internal/v1/connectors/" + pulledId);
        assertThat(deleted.statusCode()).as(deleted.asString()).isEqualTo(200);
        example(examples, "deleteConnector", "DELETE /internal/v1/connectors/{id}", null, 200,
                json.readTree(deleted.asString()));

        if (Boolean.getBoolean("flowlens.record-contract")) {
            Files.createDirectories(EXAMPLES.getParent());
            Files.writeString(EXAMPLES, json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(examples) + "\n");
        }
        assertThat(Files.exists(EXAMPLES)).as(EXAMPLES + " (record it with -Dflowlens.record-contract=true)").isTrue();
        assertThat(examples)
                .as("ingest-service's internal answers changed; if on purpose, record " + EXAMPLES
                        + " again (-Dflowlens.record-contract=true) and run the gateway's IngestContractTest")
                .isEqualTo(json.readTree(EXAMPLES.toFile()));
    }

    private void example(ObjectNode examples, String name, String call, JsonNode request, int status, JsonNode answer) {
        ObjectNode e = examples.putObject(name);
        e.put("call", call);
        if (request != null) {
            e.set("request", request);
        }
        e.put("status", status);
        e.set("answer", answer);
    }

    /** The answer with this run's ids, times and error text checked and replaced by the fixed ones. */
    private ObjectNode stable(ObjectNode answer, String connectorId, String runId) throws IOException {
        String text = json.writeValueAsString(answer).replace(connectorId, CONNECTOR_ID);
        if (runId != null) {
            text = text.replace(runId, RUN_ID);
        }
        ObjectNode out = (ObjectNode) json.readTree(text);
        fixTimes(out);
        for (String error : new String[] {"lastError", "error"}) {
            if (out.path(error).isTextual()) {
                assertThat(out.path(error).asText()).isNotBlank();
                out.put(error, LAST_ERROR);
            }
        }
        return out;
    }

    /** Every time, at any depth, checked and replaced by the fixed one. */
    private static void fixTimes(ObjectNode node) {
        for (String time : new String[] {"startedAt", "finishedAt", "lastSyncAt", "updatedAt", "until", "estimatedEnd"}) {
            if (node.path(time).isTextual()) {
                Instant.parse(node.path(time).asText());
                node.put(time, STARTED_AT);
            }
        }
        node.fields().forEachRemaining(f -> {
            if (f.getValue() instanceof ObjectNode o) {
                fixTimes(o);
            }
        });
    }

    private static void assertUuid(String id) {
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
