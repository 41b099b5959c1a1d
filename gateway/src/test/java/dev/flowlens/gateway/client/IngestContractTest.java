package dev.flowlens.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flowlens.gateway.graphql.input.ConnectorInput;
import dev.flowlens.gateway.graphql.type.Connector;
import dev.flowlens.gateway.graphql.type.ConnectorKind;
import dev.flowlens.gateway.graphql.type.ConnectorCheck;
import dev.flowlens.gateway.graphql.type.ConnectorTest;
import dev.flowlens.gateway.graphql.type.SyncPhase;
import dev.flowlens.gateway.graphql.type.SyncRun;
import dev.flowlens.gateway.graphql.type.SyncRunPage;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;
import org.junit.jupiter.api.Test;

/**
 * The gateway's half of the contract with ingest-service's internal API: docs/internal-api/ingest.json holds the
 * answers ingest-service gave to the gateway's calls (recorded and checked by ingest-service's
 * {@code InternalApiContractTest}); the records {@link IngestApi} decodes them into must read them strictly: every
 * field they read of the right JSON type, and present and non-null where the schema says non-null (ingest-service
 * leaves a null field out, which reads as null). The fields the gateway does not show (settings, counts, progress)
 * are ignored, as the records declare. And what the gateway sends for a connector
 * is the request ingest-service was tested with.
 */
class IngestContractTest {

    static final Path EXAMPLES = Path.of(System.getProperty("flowlens.repository", "..")).toAbsolutePath().normalize()
            .resolve("docs/internal-api/ingest.json");

    final ObjectMapper json = strict();

    /** Jackson as the REST client uses it, but failing on what it would otherwise let pass. */
    static ObjectMapper strict() {
        ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // a number or a boolean where the record reads a text is a changed type, not a text
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return m;
    }

    JsonNode example(String name) throws IOException {
        JsonNode e = json.readTree(EXAMPLES.toFile()).path(name);
        assertThat(e.isObject()).as(name + " in " + EXAMPLES).isTrue();
        return e;
    }

    @Test
    void savingAConnectorSendsTheTestedRequestAndReadsTheAnswer() throws IOException {
        JsonNode e = example("saveConnector");
        assertThat(e.path("call").asText()).isEqualTo("PUT /internal/v1/connectors");
        ConnectorInput input = new ConnectorInput(null, ConnectorKind.GITHUB, "Payments repos", "https://github.example",
                "ghp_example", "whsec_example", "acme/payments");
        assertThat((JsonNode) json.valueToTree(input)).isEqualTo(e.path("request"));

        Connector c = read(e.path("answer"), Connector.class);
        assertThat(c.kind()).isEqualTo(ConnectorKind.GITHUB);
        assertThat(c.name()).isEqualTo("Payments repos");
        assertThat(c.webhookUrl()).endsWith("/webhooks/github/" + c.id());
        assertThat(c.lastSyncAt()).isNull();
    }

    @Test
    void listingConnectorsReadsEveryOne() throws IOException {
        JsonNode e = example("connectors");
        assertThat(e.path("call").asText()).isEqualTo("GET /internal/v1/connectors");
        assertThat(e.path("answer").isArray()).isTrue();
        List<Connector> all = json.readerForListOf(Connector.class).readValue(e.path("answer"));
        assertThat(all).hasSize(e.path("answer").size()).isNotEmpty();
        for (int i = 0; i < all.size(); i++) {
            requireFields(e.path("answer").get(i), Connector.class);
            requireNonNull(all.get(i));
        }
        // after the failed pull the connector carries its error, after the successful one its time, which the
        // gateway shows: each field it reads is in some answer, not null (none renamed away)
        assertThat(all.get(0).lastError()).isNotBlank();
        assertThat(all.get(1).lastSyncAt()).isNotNull();
        for (RecordComponent c : Connector.class.getRecordComponents()) {
            assertThat(e.path("answer").findValues(c.getName()).stream().anyMatch(v -> !v.isNull()))
                    .as("Connector." + c.getName() + " in some answer").isTrue();
        }
    }

    @Test
    void startingASyncReadsTheRunningRun() throws IOException {
        JsonNode e = example("syncConnector");
        assertThat(e.path("call").asText()).isEqualTo("POST /internal/v1/connectors/{id}/sync");
        assertThat(e.path("status").asInt()).isEqualTo(202);
        SyncRun run = read(e.path("answer"), SyncRun.class);
        assertThat(run.status()).isEqualTo("RUNNING");
        assertThat(run.connectorId()).isEqualTo(example("saveConnector").path("answer").path("id").asText());
    }

    @Test
    void theRunsPageAndTheProgressReadEveryFieldTheSchemaShows() throws IOException {
        JsonNode e = example("syncRuns");
        assertThat(e.path("call").asText()).startsWith("GET /internal/v1/connectors/{id}/sync-run-page");
        SyncRunPage page = read(e.path("answer"), SyncRunPage.class);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items()).hasSize(1);
        JsonNode runJson = e.path("answer").path("items").get(0);
        SyncRun run = read(runJson, SyncRun.class);
        assertThat(run.status()).isEqualTo("SUCCEEDED");
        assertThat(run.finishedAt()).isNotNull();
        assertThat(run.pages()).isEqualTo(runJson.path("pages").asInt()).isPositive();
        assertThat(run.requests()).isEqualTo(runJson.path("requests").asInt()).isPositive();
        read(runJson.path("phase"), SyncPhase.class);
        assertThat(run.phase().resource()).isEqualTo(runJson.path("phase").path("resource").asText());
        assertThat(run.phase().endpoint()).startsWith("GET /repos/");

        JsonNode p = example("syncProgress");
        assertThat(p.path("call").asText()).isEqualTo("GET /internal/v1/connectors/{id}/sync-progress");
        SyncRun latest = read(p.path("answer"), SyncRun.class);
        assertThat(latest.connectorId()).isEqualTo(run.connectorId());
    }

    @Test
    void aConnectionTestSendsTheConnectorAndReadsEveryCheck() throws IOException {
        JsonNode e = example("testConnector");
        assertThat(e.path("call").asText()).isEqualTo("POST /internal/v1/connectors/test");
        ConnectorInput input = new ConnectorInput(null, ConnectorKind.GITHUB, "Payments repos", "https://github.example",
                "ghp_example", "whsec_example", "acme/payments");
        assertThat((JsonNode) json.valueToTree(input)).isEqualTo(e.path("request"));
        ConnectorTest test = read(e.path("answer"), ConnectorTest.class);
        assertThat(test.ok()).isTrue();
        assertThat(test.checks()).extracting(ConnectorCheck::name).containsExactly("address", "credentials", "selector acme/payments");
        for (JsonNode c : e.path("answer").path("checks")) {
            read(c, ConnectorCheck.class);
        }
    }

    @Test
    void deletingAConnectorReadsWhetherOneWasDeleted() throws IOException {
        JsonNode e = example("deleteConnector");
        assertThat(e.path("call").asText()).isEqualTo("DELETE /internal/v1/connectors/{id}");
        assertThat(e.path("status").asInt()).isEqualTo(200);
        assertThat(read(e.path("answer"), IngestApi.Deleted.class).deleted()).isTrue();
    }

    private <T extends Record> T read(JsonNode answer, Class<T> type) throws IOException {
        requireFields(answer, type);
        T value = json.treeToValue(answer, type);
        requireNonNull(value);
        return value;
    }

    /**
     * Every non-null field the record reads is in the answer, not null. A nullable one may be left out (ingest-service
     * omits nulls), but must not be misspelt: the answer has no field the record does not know but as another case.
     */
    private static void requireFields(JsonNode answer, Class<? extends Record> type) {
        java.util.Set<String> known = new java.util.HashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            known.add(c.getName().toLowerCase(java.util.Locale.ROOT));
            if (c.isAnnotationPresent(NonNull.class)) {
                assertThat(answer.path(c.getName()).isNull() || answer.path(c.getName()).isMissingNode())
                        .as(type.getSimpleName() + "." + c.getName() + " in " + answer).isFalse();
            }
        }
        answer.fieldNames().forEachRemaining(f -> assertThat(
                !hasComponent(type, f) && known.contains(f.toLowerCase(java.util.Locale.ROOT)))
                .as(type.getSimpleName() + ": '" + f + "' differs from a field of the record only in case").isFalse());
    }

    private static boolean hasComponent(Class<? extends Record> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void requireNonNull(Record value) {
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            if (c.isAnnotationPresent(NonNull.class)) {
                try {
                    assertThat(c.getAccessor().invoke(value)).as(value.getClass().getSimpleName() + "." + c.getName())
                            .isNotNull();
                } catch (ReflectiveOperationException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
    }
}
