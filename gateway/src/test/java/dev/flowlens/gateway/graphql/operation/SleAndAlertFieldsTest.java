package dev.flowlens.gateway.graphql.operation;

import static dev.flowlens.gateway.MetricsStub.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 27's fields through the gateway, against the metrics-service stub ({@link MetricsStub}): the SLE and WIP
 * limits of a stream go to metrics-service as they are and come back, and finishedItems, alerts, sleAttainment are one
 * batched call each with the names of schema-v2.graphql.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class SleAndAlertFieldsTest {

    private static final String WINDOW = "{from: \"2026-01-01T00:00:00Z\", to: \"2026-04-01T00:00:00Z\"}";
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
    void sleAndWipLimitsAreSavedAsGivenAndRead() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveValueStream(input: {name: "New",
                  stages: [{name: "Build", statuses: ["In Progress"], kind: ACTIVE, wipLimit: 4},
                           {name: "Review", statuses: ["In Review"], kind: WAITING}],
                  doneStatuses: ["Done"], sle: {days: 8.5, percentile: 85}}) {
                    id sle { days percentile } stages { name wipLimit } } }""");

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getDouble("data.saveValueStream.sle.days")).isEqualTo(8.5);
        assertThat(answer.getInt("data.saveValueStream.sle.percentile")).isEqualTo(85);
        assertThat(answer.getList("data.saveValueStream.stages.wipLimit")).containsExactly(4, null);
        JsonNode sent = stub.bodies("PUT /internal/v1/value-streams").get(0);
        assertThat(sent.get("sle").get("days").asDouble()).isEqualTo(8.5);
        assertThat(sent.get("sle").get("percentile").asInt()).isEqualTo(85);
        assertThat(sent.get("stages").get(0).get("wipLimit").asInt()).isEqualTo(4);
        assertThat(sent.get("stages").get(1).has("wipLimit")).as("omitted = no limit").isFalse();

        JsonPath read = GraphQLCalls.query(Keycloak.admin(), """
                { valueStream(id: "%s") { sle { days percentile } stages { wipLimit } } }""".formatted(PAYMENTS));
        assertThat(read.getDouble("data.valueStream.sle.days")).isEqualTo(8.5);
        assertThat(read.getList("data.valueStream.stages.wipLimit")).containsExactly(3);
        JsonPath none = GraphQLCalls.query(Keycloak.admin(), "{ valueStream(id: \"vs-01\") { sle { days } } }");
        assertThat(none.getString("data.valueStream.sle")).isNull();
    }

    @Test
    void finishedItemsAlertsAndAttainmentAreOneBatchedCallEach() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStreams { id
                    flow(window: %1$s) { sleAttainment }
                    finishedItems(window: %1$s) { itemId key itemType flowEnd flowTimeSeconds activeSeconds withinSle }
                    alerts(window: %1$s) { id valueStreamId kind stage itemId since until } } }""".formatted(WINDOW));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getList("data.valueStreams.flow.sleAttainment", Double.class)).containsOnly(0.75);
        assertThat(answer.getString("data.valueStreams.find { it.id == 'vs-payments' }.finishedItems[0].flowEnd"))
                .isEqualTo("2026-02-01T10:00:00Z");
        assertThat(answer.getBoolean("data.valueStreams.find { it.id == 'vs-payments' }.finishedItems[0].withinSle"))
                .isTrue();
        assertThat(answer.getString("data.valueStreams.find { it.id == 'vs-01' }.finishedItems[0].withinSle")).isNull();
        assertThat(answer.getString("data.valueStreams.find { it.id == 'vs-01' }.alerts[0].id"))
                .isEqualTo("vs-01:WIP_LIMIT:Build:1769940000");
        assertThat(answer.getString("data.valueStreams.find { it.id == 'vs-01' }.alerts[0].kind")).isEqualTo("WIP_LIMIT");
        assertThat(answer.getString("data.valueStreams.find { it.id == 'vs-01' }.alerts[0].until")).isNull();
        assertThat(stub.calls("POST /internal/v1/metrics/finished-items")).isEqualTo(1);
        assertThat(stub.calls("POST /internal/v1/metrics/alerts")).isEqualTo(1);
    }
}
