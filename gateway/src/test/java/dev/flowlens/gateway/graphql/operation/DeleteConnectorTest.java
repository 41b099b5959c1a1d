package dev.flowlens.gateway.graphql.operation;

import static dev.flowlens.gateway.IngestStub.GITHUB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.IngestStub;
import dev.flowlens.gateway.IngestStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code deleteConnector} (schema-v2.graphql) against the ingest-service stub ({@link IngestStub}). */
@QuarkusTest
@WithTestResource(IngestStubResource.class)
class DeleteConnectorTest {

    private static final String DELETE = "DELETE /internal/v1/connectors/";
    private IngestStub stub;

    @BeforeEach
    void resetStub() {
        stub = IngestStub.current;
        stub.reset();
    }

    @AfterEach
    void everyCallCarriedTheServiceToken() {
        assertThat(stub.authProblems).isEmpty();
    }

    @Test
    void adminDeletesAConnectorAndAnUnknownIdIsFalse() {
        JsonPath deleted = GraphQLCalls.query(Keycloak.admin(),
                "mutation { deleteConnector(id: \"%s\") }".formatted(GITHUB));
        assertThat(deleted.getList("errors")).isNull();
        assertThat(deleted.getBoolean("data.deleteConnector")).isTrue();
        assertThat(stub.calls(DELETE + GITHUB)).isEqualTo(1);

        JsonPath unknown = GraphQLCalls.query(Keycloak.admin(), "mutation { deleteConnector(id: \"nope\") }");
        assertThat(unknown.getList("errors")).isNull();
        assertThat(unknown.getBoolean("data.deleteConnector")).isFalse();
    }

    @Test
    void aViewerMayNotDeleteAndIngestIsNotCalled() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(),
                "mutation { deleteConnector(id: \"%s\") }".formatted(GITHUB));
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(answer.getString("errors[0].message")).isEqualTo("forbidden: deleteConnector needs the role admin");
        assertThat(stub.totalCalls()).isZero();
    }
}
