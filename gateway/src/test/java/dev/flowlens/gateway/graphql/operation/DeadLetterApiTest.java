package dev.flowlens.gateway.graphql.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6c: metrics-service's dead letters are managed through the gateway, by admins only. metrics-service
 * is played by {@link MetricsStub}, which accepts nothing but the gateway's service token (its authProblems stay
 * empty) and holds three dead letters.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class DeadLetterApiTest {

    private static final String LIST = "{ deadLetters(first: 2) { ceId routingKey reason deaths error body } }";

    @BeforeEach
    void resetStub() {
        MetricsStub.current.reset();
    }

    @Test
    void anAdminListsTheOldestDeadLettersWithWhyEachIsThere() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), LIST);

        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        assertThat(answer.getList("data.deadLetters", Map.class)).hasSize(2);
        assertThat(answer.getMap("data.deadLetters[0]")).containsEntry("ceId", "ev-1")
                .containsEntry("routingKey", "workitem.transitioned").containsEntry("reason", "rejected")
                .containsEntry("deaths", 1)
                .containsEntry("error", "not a valid flow event: event 0 of the batch: data.to: required")
                .containsEntry("body", "{\"id\":\"ev-1\"}");
        assertThat(answer.getMap("data.deadLetters[1]")).containsEntry("ceId", null)
                .containsEntry("reason", "delivery_limit").containsEntry("deaths", 20).containsEntry("error", null)
                .containsEntry("body", "<b>not markup</b>");
        assertThat(MetricsStub.current.calls("GET /internal/v1/dead-letters")).isEqualTo(1);
        assertThat(MetricsStub.current.authProblems).isEmpty();
    }

    @Test
    void anAdminReDrivesThemOnce() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), "mutation { redriveDeadLetters { moved remaining } }");

        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        assertThat(answer.getMap("data.redriveDeadLetters")).containsEntry("moved", 3).containsEntry("remaining", 0);
        assertThat(MetricsStub.current.calls("POST /internal/v1/dead-letters/redrive")).isEqualTo(1);
        assertThat(MetricsStub.current.authProblems).isEmpty();
    }

    @Test
    void aViewerIsForbiddenBothAndNothingReachesMetricsService() {
        String alice = Keycloak.alice();

        JsonPath list = GraphQLCalls.query(alice, LIST);
        JsonPath redrive = GraphQLCalls.query(alice, "mutation { redriveDeadLetters { moved } }");

        assertThat(list.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(list.getString("errors[0].message")).isEqualTo("forbidden: deadLetters needs the role admin");
        assertThat(list.getMap("data")).isNull();
        assertThat(redrive.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(redrive.getString("errors[0].message"))
                .isEqualTo("forbidden: redriveDeadLetters needs the role admin");
        assertThat(MetricsStub.current.totalCalls()).isZero();
    }

    @Test
    void aCountOutOfRangeIsRefusedNamingTheArgument() {
        String admin = Keycloak.admin();

        JsonPath none = GraphQLCalls.query(admin, "{ deadLetters(first: 0) { ceId } }");
        JsonPath tooMany = GraphQLCalls.query(admin, "mutation { redriveDeadLetters(first: 1001) { moved } }");

        assertThat(none.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(none.getString("errors[0].message")).isEqualTo("first must be between 1 and 1000 (was 0)");
        assertThat(tooMany.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(tooMany.getString("errors[0].message")).isEqualTo("first must be between 1 and 1000 (was 1001)");
        assertThat(MetricsStub.current.totalCalls()).isZero();
    }
}
