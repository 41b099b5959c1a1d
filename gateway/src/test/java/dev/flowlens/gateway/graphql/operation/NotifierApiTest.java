package dev.flowlens.gateway.graphql.operation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code notifiers}, {@code saveNotifier} and {@code deleteNotifier} (schema-v2.graphql) against the metrics-service
 * stub ({@link MetricsStub}): passed through as metrics-service answers them, its 400 shown as BAD_USER_INPUT, the
 * secret sent once and never shown, admin only (401 without a token, FORBIDDEN for a viewer, and metrics-service is
 * then not called).
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class NotifierApiTest {
    private static final String SAVE = "PUT /internal/v1/notifiers";
    private MetricsStub stub;

    @BeforeEach
    void resetStub() {
        stub = MetricsStub.current;
        stub.reset();
    }

    @AfterEach
    void everyCallCarriedTheServiceToken() {
        assertThat(stub.authProblems).isEmpty();
    }

    @Test
    void anAdminListsNotifiersWithTheirDeliveryState() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(),
                "{ notifiers { id name url format valueStreamIds lastDeliveryAt lastError pending } }");
        assertThat(answer.getList("errors")).isNull();
        Map<String, Object> n = answer.getMap("data.notifiers[0]");
        assertThat(n).containsEntry("id", MetricsStub.NOTIFIER_ID).containsEntry("name", "Pager")
                .containsEntry("url", "https://hooks.example.com/flowlens").containsEntry("format", "JSON")
                .containsEntry("valueStreamIds", List.of(MetricsStub.PAYMENTS))
                .containsEntry("lastDeliveryAt", "2026-03-02T09:15:00Z").containsEntry("pending", 2);
        assertThat((String) n.get("lastError")).contains("answered 503");
        assertThat(stub.calls("GET /internal/v1/notifiers")).isEqualTo(1);
    }

    @Test
    void anAdminSavesANotifierWhoseSecretGoesToMetricsServiceAndNeverComesBack() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveNotifier(input: {name: "Slack", url: "https://hooks.slack.com/services/T/B/X",
                  secret: "whsec-write-only", format: SLACK, valueStreamIds: ["%s"]})
                  { id name url format valueStreamIds pending lastError lastDeliveryAt } }""".formatted(MetricsStub.PAYMENTS));
        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.saveNotifier.id")).isEqualTo("nt-new");
        assertThat(answer.getString("data.saveNotifier.format")).isEqualTo("SLACK");
        assertThat(answer.getInt("data.saveNotifier.pending")).isZero();
        assertThat(answer.prettify()).doesNotContain("whsec-write-only");
        JsonNode sent = stub.bodies(SAVE).get(0);
        assertThat(sent.path("secret").asText()).isEqualTo("whsec-write-only");
        assertThat(sent.path("format").asText()).isEqualTo("SLACK");

        // format defaults to JSON
        GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveNotifier(input: {id: "nt-1", name: "Pager", url: "https://pager.example.com/h",
                  valueStreamIds: []}) { id } }""");
        assertThat(stub.bodies(SAVE).get(1).path("format").asText()).isEqualTo("JSON");
        assertThat(stub.bodies(SAVE).get(1).path("id").asText()).isEqualTo("nt-1");
    }

    @Test
    void metricsServicesRefusalsAreBadUserInputNamingTheField() {
        JsonPath unknown = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveNotifier(input: {name: "n", url: "https://hooks.example.com/x",
                  valueStreamIds: ["nope"]}) { id } }""");
        assertThat(unknown.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(unknown.getString("errors[0].message")).isEqualTo("valueStreamIds: no value stream nope");

        JsonPath refused = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveNotifier(input: {name: "n", url: "http://169.254.169.254/latest",
                  valueStreamIds: []}) { id } }""");
        assertThat(refused.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.getString("errors[0].message")).startsWith("url: 169.254.169.254 is a link-local address");
    }

    @Test
    void anAdminDeletesANotifierAndAnUnknownIdIsFalse() {
        JsonPath deleted = GraphQLCalls.query(Keycloak.admin(),
                "mutation { deleteNotifier(id: \"%s\") }".formatted(MetricsStub.NOTIFIER_ID));
        assertThat(deleted.getList("errors")).isNull();
        assertThat(deleted.getBoolean("data.deleteNotifier")).isTrue();
        JsonPath unknown = GraphQLCalls.query(Keycloak.admin(), "mutation { deleteNotifier(id: \"nope\") }");
        assertThat(unknown.getBoolean("data.deleteNotifier")).isFalse();
        assertThat(stub.calls("DELETE /internal/v1/notifiers/{id}")).isEqualTo(2);
    }

    @Test
    void withoutATokenIs401AndAViewerIsForbiddenWithoutCallingMetricsService() {
        for (String op : List.of("{ notifiers { id } }", "mutation { deleteNotifier(id: \"x\") }",
                "mutation { saveNotifier(input: {name: \"n\", url: \"https://h.example.com\", valueStreamIds: []}) { id } }")) {
            given().contentType(ContentType.JSON).body(Map.of("query", op)).post("/graphql").then().statusCode(401);
            JsonPath viewer = GraphQLCalls.query(Keycloak.alice(), op);
            assertThat(viewer.getString("errors[0].extensions.code")).as(op).isEqualTo("FORBIDDEN");
            assertThat(viewer.getString("errors[0].message")).as(op).endsWith("needs the role admin");
        }
        assertThat(stub.totalCalls()).isZero();
    }
}
