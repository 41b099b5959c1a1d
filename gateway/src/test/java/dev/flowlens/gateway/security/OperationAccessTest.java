package dev.flowlens.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.IngestStub;
import dev.flowlens.gateway.IngestStubResource;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every query and mutation of the contract (the subscription: FlowChangeSubscriptionTest) against every kind of
 * caller, with real Keycloak tokens: no token and a bad token are 401; a token without viewer/admin, and a viewer
 * for admin operations, get FORBIDDEN; an admin may do everything; a viewer of another group finds the stream absent.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
@WithTestResource(IngestStubResource.class)
class OperationAccessTest {

    /** An operation of the contract and who may run it. */
    record Operation(String name, String document, boolean viewerMay) {
    }

    static final List<Operation> OPERATIONS = List.of(
            new Operation("valueStreams", "{ valueStreams { id } }", true),
            new Operation("valueStream", "{ valueStream(id: \"vs-01\") { id } }", true),
            new Operation("connectors", "{ connectors { id } }", false),
            new Operation("saveValueStream",
                    "mutation { saveValueStream(input: {name: \"X\", stages: [], doneStatuses: [\"Done\"]}) { id } }", false),
            new Operation("deleteValueStream", "mutation { deleteValueStream(id: \"vs-01\") }", false),
            new Operation("saveConnector", "mutation { saveConnector(input: {kind: GITHUB, name: \"n\", baseUrl: "
                    + "\"https://api.github.com\", selector: \"a/b\"}) { id } }", false),
            new Operation("syncConnector", "mutation { syncConnector(id: \"" + IngestStub.GITHUB + "\") { id } }", false),
            new Operation("testConnector", "mutation { testConnector(input: {kind: GITHUB, name: \"n\", baseUrl: "
                    + "\"https://api.github.com\", selector: \"a/b\", token: \"t\"}) { ok } }", false),
            new Operation("syncRuns", "{ syncRuns(connectorId: \"" + IngestStub.GITHUB + "\") { total } }", false),
            new Operation("deleteConnector", "mutation { deleteConnector(id: \"" + IngestStub.GITHUB + "\") }", false),
            new Operation("deadLetters", "{ deadLetters { reason } }", false),
            new Operation("redriveDeadLetters", "mutation { redriveDeadLetters { moved } }", false),
            new Operation("notifiers", "{ notifiers { id pending } }", false),
            new Operation("saveNotifier", "mutation { saveNotifier(input: {name: \"n\", url: \"https://hooks.example.com/x\", "
                    + "valueStreamIds: [\"" + MetricsStub.PAYMENTS + "\"]}) { id } }", false),
            new Operation("deleteNotifier", "mutation { deleteNotifier(id: \"" + MetricsStub.NOTIFIER_ID + "\") }", false));

    @BeforeEach
    void resetStubs() {
        MetricsStub.current.reset();
        IngestStub.current.reset();
    }

    @Test
    void theListCoversEveryQueryAndMutationOfTheServedSchema() {
        // one __Type.fields per query: graphql-java refuses more as introspection not "in good faith"
        List<String> served = new ArrayList<>();
        for (String root : List.of("queryType", "mutationType")) {
            JsonPath schema = GraphQLCalls.query(Keycloak.admin(), "{ __schema { " + root + " { fields { name } } } }");
            List<String> names = schema.getList("data.__schema." + root + ".fields.name", String.class);
            assertThat(names).as(schema.prettify()).isNotEmpty();
            served.addAll(names);
        }

        assertThat(OPERATIONS).extracting(Operation::name).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void withoutATokenOrWithABadOneEveryOperationIs401() {
        for (Operation op : OPERATIONS) {
            given().contentType(ContentType.JSON).body(Map.of("query", op.document())).post("/graphql")
                    .then().statusCode(401);
            given().auth().oauth2("not.a.token").contentType(ContentType.JSON).body(Map.of("query", op.document()))
                    .post("/graphql").then().statusCode(401);
            given().auth().oauth2(Keycloak.alice() + "x").contentType(ContentType.JSON)
                    .body(Map.of("query", op.document())).post("/graphql").then().statusCode(401);
        }
        assertThat(MetricsStub.current.totalCalls() + IngestStub.current.totalCalls()).as("internal calls").isZero();
    }

    @Test
    void aTokenWithoutAViewerOrAdminRoleIsForbiddenEverything() {
        String noRole = Keycloak.nora();
        for (Operation op : OPERATIONS) {
            JsonPath answer = GraphQLCalls.query(noRole, op.document());
            assertThat(answer.getList("errors.extensions.code", String.class)).as(op.name()).containsOnly("FORBIDDEN");
            assertThat(answer.getString("errors[0].message")).as(op.name()).startsWith("forbidden: " + op.name());
        }
    }

    @Test
    void aViewerMayReadAndIsForbiddenTheAdminOperations() {
        String alice = Keycloak.alice();
        for (Operation op : OPERATIONS) {
            JsonPath answer = GraphQLCalls.query(alice, op.document());
            if (op.viewerMay()) {
                assertThat(answer.getList("errors")).as(op.name()).isNull();
            } else {
                assertThat(answer.getList("errors.extensions.code", String.class)).as(op.name())
                        .containsOnly("FORBIDDEN");
                assertThat(answer.getString("errors[0].message")).as(op.name())
                        .isEqualTo("forbidden: " + op.name() + " needs the role admin");
            }
        }
    }

    @Test
    void anAdminMayRunEveryOperation() {
        String admin = Keycloak.admin();
        for (Operation op : OPERATIONS) {
            JsonPath answer = GraphQLCalls.query(admin, op.document());
            assertThat(answer.getList("errors")).as(op.name() + ": " + answer.prettify()).isNull();
        }
    }

    @Test
    void aViewerOfAnotherGroupFindsTheStreamAbsentEverywhere() {
        String olga = Keycloak.olga();
        JsonPath answer = GraphQLCalls.query(olga, "{ valueStreams { id } valueStream(id: \"" + MetricsStub.PAYMENTS
                + "\") { id flow(window: {from: \"2026-01-01T00:00:00Z\", to: \"2026-02-01T00:00:00Z\"}) { velocity } } }");

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getList("data.valueStreams.id", String.class)).doesNotContain(MetricsStub.PAYMENTS)
                .contains(MetricsStub.OPS);
        assertThat(answer.getMap("data")).containsEntry("valueStream", null);
        assertThat(MetricsStub.current.calls("POST /internal/v1/metrics/flow")).as("no metric call for it").isZero();
    }
}
