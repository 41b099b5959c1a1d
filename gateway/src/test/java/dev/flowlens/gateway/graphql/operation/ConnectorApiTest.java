package dev.flowlens.gateway.graphql.operation;

import static dev.flowlens.gateway.IngestStub.BUSY;
import static dev.flowlens.gateway.IngestStub.GITHUB;
import static dev.flowlens.gateway.IngestStub.JIRA;
import static dev.flowlens.gateway.IngestStub.NEW_ID;
import static dev.flowlens.gateway.IngestStub.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.IngestStub;
import dev.flowlens.gateway.IngestStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connector admin against a stub of ingest-service's internal connector API (see
 * {@link IngestStub}), with real Keycloak tokens for the callers and for the gateway's own
 * service token.
 */
@QuarkusTest
@WithTestResource(IngestStubResource.class)
class ConnectorApiTest {

    private static final String LIST = "GET /internal/v1/connectors";
    private static final String SAVE = "PUT /internal/v1/connectors";
    private static final String ALL_FIELDS = "id kind name baseUrl selector lastSyncAt lastError webhookUrl";
    private static final String TOKEN = "ghp_TopSecretToken123";
    private static final String WEBHOOK_SECRET = "whsec_VerySecret456";

    private IngestStub stub;

    @BeforeEach
    void resetStub() {
        stub = IngestStub.current;
        assertThat(stub).as("ingest stub started by IngestStubResource").isNotNull();
        stub.reset();
    }

    /** Every call the gateway made carried a service token of flowlens-gateway from Keycloak. */
    @AfterEach
    void everyCallCarriedTheServiceToken() {
        assertThat(stub.authProblems).isEmpty();
    }

    @Test
    void adminListsConnectors() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), "{ connectors { %s } }".formatted(ALL_FIELDS));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getList("data.connectors.id", String.class)).containsExactly(GITHUB, JIRA);
        assertThat(answer.getList("data.connectors.kind", String.class)).containsExactly("GITHUB", "JIRA");
        Map<String, Object> jira = answer.getMap("data.connectors[1]");
        assertThat(jira).containsEntry("name", "Jira PAY").containsEntry("baseUrl", "https://acme.atlassian.net")
                .containsEntry("selector", "project = PAY").containsEntry("lastSyncAt", "2026-03-02T09:15:00Z")
                .containsEntry("webhookUrl", "http://localhost:8081/webhooks/jira/" + JIRA);
        assertThat((String) jira.get("lastError")).startsWith("GET /rest/api/3/search answered 401");
        Map<String, Object> github = answer.getMap("data.connectors[0]");
        assertThat(github).containsEntry("lastSyncAt", null).containsEntry("lastError", null);
        assertThat(stub.calls(LIST)).isEqualTo(1);
        assertThat(stub.totalCalls()).isEqualTo(1);
    }

    @Test
    void adminCreatesAndTheSecretsReachIngestButNeverComeBack() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveConnector(input: {kind: GITHUB, name: "Payments repos", baseUrl: "https://github.com",
                  token: "%s", webhookSecret: "%s", selector: "acme/payments"}) { %s } }"""
                .formatted(TOKEN, WEBHOOK_SECRET, ALL_FIELDS));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.saveConnector.id")).isEqualTo(NEW_ID);
        assertThat(answer.getString("data.saveConnector.kind")).isEqualTo("GITHUB");
        assertThat(answer.getString("data.saveConnector.selector")).isEqualTo("acme/payments");
        assertThat(answer.getString("data.saveConnector.webhookUrl"))
                .isEqualTo("http://localhost:8081/webhooks/github/" + NEW_ID);
        assertThat(answer.prettify()).doesNotContain(TOKEN).doesNotContain(WEBHOOK_SECRET);

        assertThat(stub.calls(SAVE)).isEqualTo(1);
        JsonNode sent = stub.bodies(SAVE).get(0);
        assertThat(sent.has("id")).as("no id = create").isFalse();
        assertThat(sent.get("kind").asText()).isEqualTo("GITHUB");
        assertThat(sent.get("name").asText()).isEqualTo("Payments repos");
        assertThat(sent.get("baseUrl").asText()).isEqualTo("https://github.com");
        assertThat(sent.get("selector").asText()).isEqualTo("acme/payments");
        assertThat(sent.get("token").asText()).isEqualTo(TOKEN);
        assertThat(sent.get("webhookSecret").asText()).isEqualTo(WEBHOOK_SECRET);

        JsonPath list = GraphQLCalls.query(Keycloak.admin(), "{ connectors { %s } }".formatted(ALL_FIELDS));
        assertThat(list.prettify()).doesNotContain(TOKEN).doesNotContain(WEBHOOK_SECRET);
    }

    /** The public Connector type has no field that could return a secret. */
    @Test
    void secretsCannotBeAskedFor() {
        JsonPath token = GraphQLCalls.query(Keycloak.admin(), "{ connectors { id token } }");
        JsonPath secret = GraphQLCalls.query(Keycloak.admin(), "{ connectors { id webhookSecret } }");

        assertThat(token.getString("errors[0].message")).contains("token");
        assertThat(secret.getString("errors[0].message")).contains("webhookSecret");
        assertThat(stub.totalCalls()).as("refused at validation").isZero();
    }

    /** ingest-service keeps the stored secrets when they are absent, so null ones are left out of the JSON. */
    @Test
    void replacingWithoutSecretsSendsNone() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveConnector(input: {id: "%s", kind: JIRA, name: "Jira PAY", baseUrl: "https://acme.atlassian.net",
                  selector: "project = PAY"}) { id kind name } }""".formatted(JIRA));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.saveConnector.id")).isEqualTo(JIRA);
        assertThat(answer.getString("data.saveConnector.kind")).isEqualTo("JIRA");
        JsonNode sent = stub.bodies(SAVE).get(0);
        assertThat(sent.get("id").asText()).isEqualTo(JIRA);
        assertThat(sent.has("token")).isFalse();
        assertThat(sent.has("webhookSecret")).isFalse();
    }

    @Test
    void ingestUserErrorReachesTheCaller() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveConnector(input: {kind: GITHUB, name: "bad", baseUrl: "ftp://github.com",
                  token: "%s", selector: "acme/payments"}) { id } }""".formatted(TOKEN));

        assertThat(answer.getString("errors[0].message")).isEqualTo("baseUrl: must be an http(s) URL, got 'ftp://github.com'");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.prettify()).doesNotContain(TOKEN);
    }

    /**
     * Issue 21, finding 3: re-pointing a connector at another host without its token would have sent the stored
     * token there. ingest-service refuses; the admin reads which secrets to give again.
     */
    @Test
    void movingAConnectorWithoutItsSecretsIsRefusedNamingThem() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveConnector(input: {id: "%s", kind: JIRA, name: "Jira PAY", baseUrl: "https://listener.example",
                  selector: "project = PAY"}) { id baseUrl } }""".formatted(JIRA));

        assertThat(answer.getString("errors[0].message")).isEqualTo("token and webhookSecret: required again because "
                + "baseUrl changes from 'https://acme.atlassian.net' to 'https://listener.example' "
                + "(stored secrets are only kept for the tool and address they were saved for)");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].path[0]")).isEqualTo("saveConnector");
        assertThat(answer.getMap("data")).isNull();
        assertThat(stub.calls(SAVE)).isEqualTo(1);

        JsonPath withToken = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveConnector(input: {id: "%s", kind: GITLAB, name: "Jira PAY", baseUrl: "https://acme.atlassian.net",
                  token: "%s", selector: "project = PAY"}) { id } }""".formatted(JIRA, TOKEN));
        assertThat(withToken.getString("errors[0].message")).startsWith("webhookSecret: required again because kind changes");
        assertThat(withToken.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(withToken.prettify()).doesNotContain(TOKEN);
    }

    @Test
    void failedSaveIsUnavailableWithoutDetailsAndNotRetried() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveConnector(input: {kind: GITHUB, name: "explode", baseUrl: "https://github.com",
                  token: "%s", selector: "acme/payments"}) { id } }""".formatted(TOKEN));

        assertThat(answer.getString("errors[0].message")).isEqualTo("ingest-service unavailable");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("UNAVAILABLE");
        assertThat(answer.getMap("errors[0].extensions")).containsOnlyKeys("code", "classification");
        assertThat(answer.prettify()).doesNotContain("FLOWLENS_SECRET_KEY").doesNotContain("503").doesNotContain(TOKEN);
        assertThat(stub.calls(SAVE)).isEqualTo(1);
    }

    @Test
    void adminStartsASync() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(),
                "mutation { syncConnector(id: \"%s\") { id connectorId startedAt status } }".formatted(GITHUB));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getMap("data.syncConnector")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "id", IngestStub.RUN_ID, "connectorId", GITHUB, "startedAt", "2026-03-02T09:15:00Z", "status", "RUNNING"));
        assertThat(stub.calls(SYNC)).isEqualTo(1);
        assertThat(stub.syncPaths).containsExactly("/internal/v1/connectors/" + GITHUB + "/sync");
    }

    @Test
    void syncWhileOneIsRunningIsAConflict() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), "mutation { syncConnector(id: \"%s\") { id } }".formatted(BUSY));

        assertThat(answer.getString("errors[0].message")).isEqualTo("connector 'c-busy' is already syncing (run run-0)");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("CONFLICT");
        assertThat(stub.calls(SYNC)).as("not retried").isEqualTo(1);
    }

    @Test
    void syncOfAnUnknownConnectorIsNotFound() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), "mutation { syncConnector(id: \"nope\") { id } }");

        assertThat(answer.getString("errors[0].message")).isEqualTo("no connector 'nope'");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("NOT_FOUND");
    }

    @Test
    void viewerIsForbiddenEverywhereAndIngestIsNeverCalled() {
        String alice = Keycloak.alice();
        JsonPath list = GraphQLCalls.query(alice, "{ connectors { id } }");
        JsonPath save = GraphQLCalls.query(alice, """
                mutation { saveConnector(input: {kind: GITHUB, name: "x", baseUrl: "https://github.com",
                  token: "%s", selector: "acme/x"}) { id } }""".formatted(TOKEN));
        JsonPath sync = GraphQLCalls.query(alice, "mutation { syncConnector(id: \"%s\") { id } }".formatted(GITHUB));

        for (JsonPath answer : List.of(list, save, sync)) {
            assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        }
        assertThat(list.getString("errors[0].message")).isEqualTo("forbidden: connectors needs the role admin");
        assertThat(save.getString("errors[0].message")).isEqualTo("forbidden: saveConnector needs the role admin");
        assertThat(sync.getString("errors[0].message")).isEqualTo("forbidden: syncConnector needs the role admin");
        assertThat(save.prettify()).doesNotContain(TOKEN);
        assertThat(stub.totalCalls()).isZero();
    }
}
