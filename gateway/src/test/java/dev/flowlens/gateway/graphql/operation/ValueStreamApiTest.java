package dev.flowlens.gateway.graphql.operation;

import static dev.flowlens.gateway.MetricsStub.GROUPED_STREAMS;
import static dev.flowlens.gateway.MetricsStub.OPS;
import static dev.flowlens.gateway.MetricsStub.OPS_PAYMENTS;
import static dev.flowlens.gateway.MetricsStub.PAYMENTS;
import static dev.flowlens.gateway.MetricsStub.PUBLIC_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a stub of metrics-service that counts calls (see {@link MetricsStub}
 * for why a stub is right here), with real Keycloak tokens for the callers and for the
 * gateway's own service token.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class ValueStreamApiTest {

    private static final String FLOW = "POST /internal/v1/metrics/flow";
    private static final String STAGES = "POST /internal/v1/metrics/stages";
    private static final String DORA = "POST /internal/v1/metrics/dora";
    private static final String SAVE = "PUT /internal/v1/value-streams";
    private static final String WINDOW = "{from: \"2026-01-01T00:00:00Z\", to: \"2026-04-01T00:00:00Z\"}";

    private MetricsStub stub;

    @BeforeEach
    void resetStub() {
        stub = MetricsStub.current;
        assertThat(stub).as("metrics stub started by MetricsStubResource").isNotNull();
        stub.reset();
    }

    /** Every call the gateway made carried a service token of flowlens-gateway from Keycloak. */
    @AfterEach
    void everyCallCarriedTheServiceToken() {
        assertThat(stub.authProblems).isEmpty();
    }

    @Test
    void batchedFieldsCallMetricsServiceOncePerFieldForAllStreams() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStreams { id
                    flow(window: %1$s) { velocity flowEfficiency flowTime { count p85 } velocitySeries { start end value } }
                    stageMetrics(window: %1$s) { stage kind share isBottleneck averageWipAgeSeconds }
                    bottleneck(window: %1$s) { stage share } } }""".formatted(WINDOW));

        assertThat(answer.getList("errors")).isNull();
        List<Map<String, Object>> streams = answer.getList("data.valueStreams");
        assertThat(streams).hasSize(PUBLIC_STREAMS + GROUPED_STREAMS);
        assertThat(answer.getList("data.valueStreams.flow.velocity", Integer.class)).as("days of the window").containsOnly(90);
        assertThat(answer.getString("data.valueStreams[0].flow.velocitySeries[0].start")).isEqualTo("2026-01-05T00:00:00Z");
        assertThat(answer.getList("data.valueStreams.bottleneck.stage", String.class)).containsOnly("Review");
        assertThat(answer.getList("data.valueStreams[0].stageMetrics.isBottleneck", Boolean.class))
                .containsExactly(false, true);

        // One call for flow; stageMetrics and bottleneck are two fields, one stages call each.
        assertThat(stub.calls("GET /internal/v1/value-streams")).isEqualTo(1);
        assertThat(stub.calls(FLOW)).isEqualTo(1);
        assertThat(stub.calls(STAGES)).isEqualTo(2);
        assertThat(stub.totalCalls()).isEqualTo(4);
        JsonNode flowCall = stub.bodies(FLOW).get(0);
        assertThat(flowCall.get("valueStreamIds")).hasSize(PUBLIC_STREAMS + GROUPED_STREAMS);
        assertThat(flowCall.get("window").get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(flowCall.get("window").get("granularity").asText()).as("default granularity").isEqualTo("WEEK");
    }

    /**
     * The metric fields of one query are independent, so the gateway calls metrics-service for
     * them concurrently: the stub holds each of the three calls until it has seen all three
     * (bounded wait). A gateway making them one after the other gets "rendezvous missed"
     * instead of numbers. No timing is measured.
     */
    @Test
    void independentMetricFieldsOfOneQueryCallMetricsServiceConcurrently() {
        stub.doraFails = false;
        stub.holdUntilAllArrive(Set.of(FLOW, STAGES, DORA), 10);

        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStream(id: "%s") { id
                    flow(window: %2$s) { velocity }
                    stageMetrics(window: %2$s) { stage }
                    dora(window: %2$s) { deployments } } }""".formatted(PAYMENTS, WINDOW));

        assertThat(answer.getList("errors")).as("all three calls were in flight together").isNull();
        assertThat(answer.getInt("data.valueStream.flow.velocity")).isEqualTo(90);
        assertThat(answer.getList("data.valueStream.stageMetrics.stage", String.class)).containsExactly("Build", "Review");
        assertThat(answer.getInt("data.valueStream.dora.deployments")).isEqualTo(12);
        // one lookup of the stream, one call per metric field
        assertThat(stub.calls("GET /internal/v1/value-streams/{id}")).isEqualTo(1);
        assertThat(stub.calls(FLOW)).isEqualTo(1);
        assertThat(stub.calls(STAGES)).isEqualTo(1);
        assertThat(stub.calls(DORA)).isEqualTo(1);
        assertThat(stub.totalCalls()).isEqualTo(4);
    }

    /** DORA v2 (schema-v2.graphql): the new DoraMetrics fields and deploymentsList, one batched call each. */
    @Test
    void doraV2FieldsAndTheDeploymentsListAreServed() {
        stub.doraFails = false;
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStream(id: "%s") {
                    incidentAttribution { windowHours }
                    dora(window: %2$s) { failedDeploymentRecoveryTime { count p50 } failedDeploymentRecoveryBand
                                         unrecoveredDeployments reworkRate }
                    deploymentsList(window: %2$s) { deploymentId service environment finishedAt failed rework
                                                    incidents { incidentId rule } rollbackOf recoverySeconds } } }"""
                .formatted(PAYMENTS, WINDOW));

        assertThat(answer.getList("errors")).isNull();
        String v = "data.valueStream.";
        assertThat(answer.getInt(v + "incidentAttribution.windowHours")).isZero();
        assertThat(answer.getInt(v + "dora.failedDeploymentRecoveryTime.count")).isEqualTo(2);
        assertThat(answer.getString(v + "dora.failedDeploymentRecoveryBand")).isEqualTo("HIGH");
        assertThat(answer.getInt(v + "dora.unrecoveredDeployments")).isEqualTo(1);
        assertThat(answer.getFloat(v + "dora.reworkRate")).isEqualTo(0.25f);
        assertThat(answer.getList(v + "deploymentsList.deploymentId")).containsExactly("d1", "d2");
        assertThat(answer.getList(v + "deploymentsList.failed")).containsExactly(true, false);
        assertThat(answer.getList(v + "deploymentsList.rollbackOf")).containsExactly(null, "d1");
        assertThat(answer.getList(v + "deploymentsList.recoverySeconds", Float.class)).containsExactly(3600f, null);
        assertThat(answer.getString(v + "deploymentsList[0].finishedAt")).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(answer.getString(v + "deploymentsList[0].incidents[0].rule")).isEqualTo("WINDOW");
        assertThat(stub.calls("POST /internal/v1/metrics/deployments-list")).isEqualTo(1);
        assertThat(stub.calls(DORA)).isEqualTo(1);
    }

    /** delivery and toProduction (schema-v2): metrics-service's answers, one batched call each. */
    @Test
    void deliveryAndToProductionAreMetricsServicesAnswers() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStream(id: "%s") { id
                    delivery(window: %2$s) { merged unreviewedShare slowestPhase reviewTime { count p50 } }
                    toProduction(window: %2$s) { delivered releaseQueue ideaToProduction { count } } } }"""
                .formatted(PAYMENTS, WINDOW));
        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getInt("data.valueStream.delivery.merged")).isEqualTo(7);
        assertThat(answer.getFloat("data.valueStream.delivery.unreviewedShare")).isEqualTo(0.25f);
        assertThat(answer.getString("data.valueStream.delivery.slowestPhase")).isEqualTo("review");
        assertThat(answer.getFloat("data.valueStream.delivery.reviewTime.p50")).isEqualTo(90f);
        assertThat(answer.getInt("data.valueStream.toProduction.delivered")).isEqualTo(3);
        assertThat(answer.getInt("data.valueStream.toProduction.releaseQueue")).isEqualTo(2);
        assertThat(stub.calls("POST /internal/v1/metrics/delivery")).isEqualTo(1);
        assertThat(stub.calls("POST /internal/v1/metrics/to-production")).isEqualTo(1);
    }

    /** changesList (an addition to schema-v2, docs/decisions.md): metrics-service's list, one batched call. */
    @Test
    void theChangesListIsMetricsServicesList() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStream(id: "%s") {
                    changesList(window: %2$s) { changeId repository mergedAt codingSeconds pickupSeconds reviewSeconds
                                                deploySeconds timeToMergeSeconds reviewed deployedAt workItemKeys } } }"""
                .formatted(PAYMENTS, WINDOW));
        assertThat(answer.getList("errors")).isNull();
        String l = "data.valueStream.changesList.";
        assertThat(answer.getList(l + "changeId")).containsExactly("pr-1", "pr-2");
        assertThat(answer.getList(l + "repository")).containsExactly("acme/payments", "acme/payments");
        assertThat(answer.getList(l + "mergedAt")).containsExactly("2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z");
        assertThat(answer.getList(l + "codingSeconds", Float.class)).containsExactly(3600f, null);
        assertThat(answer.getList(l + "pickupSeconds", Float.class)).containsExactly(60f, null);
        assertThat(answer.getList(l + "reviewSeconds", Float.class)).containsExactly(90f, null);
        assertThat(answer.getList(l + "deploySeconds", Float.class)).containsExactly(7200f, null);
        assertThat(answer.getList(l + "timeToMergeSeconds", Float.class)).containsExactly(3750f, -30f);
        assertThat(answer.getList(l + "reviewed")).containsExactly(true, false);
        assertThat(answer.getList(l + "deployedAt")).containsExactly("2026-03-02T12:00:00Z", null);
        assertThat(answer.getList("data.valueStream.changesList[0].workItemKeys")).containsExactly("PAY-1");
        assertThat(answer.getList("data.valueStream.changesList[1].workItemKeys")).isEmpty();
        assertThat(stub.calls("POST /internal/v1/metrics/changes-list")).isEqualTo(1);
    }

    /** The OIDC client filter caches the service token: concurrent and later calls all carry the same one. */
    @Test
    void serviceTokenIsCachedNotFetchedPerCall() {
        stub.doraFails = false;
        String dashboard = """
                { valueStreams { id flow(window: %1$s) { velocity } stageMetrics(window: %1$s) { stage }
                    dora(window: %1$s) { deployments } } }""".formatted(WINDOW);
        GraphQLCalls.query(Keycloak.admin(), dashboard);
        GraphQLCalls.query(Keycloak.alice(), dashboard);

        assertThat(stub.totalCalls()).isEqualTo(8);
        assertThat(stub.tokensSeen).as("one service token for all calls").hasSize(1);
    }

    /** A 400 of metrics-service on a metric call carries a message for the user, and is not retried. */
    @Test
    void metricsServiceUserErrorOnAMetricFieldReachesTheCaller() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(),
                "{ valueStream(id: \"%s\") { agingWip { key } } }".formatted(PAYMENTS));

        assertThat(answer.getString("errors[0].message")).isEqualTo("asOf: not before the first event");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(stub.calls("POST /internal/v1/metrics/aging-wip")).isEqualTo(1);
    }

    /**
     * SmallRye GraphQL batches a field by name and computes the whole batch with the first
     * occurrence's arguments (and caches per stream), so two aliases of one field with
     * different windows would silently get the same numbers. The gateway refuses that.
     */
    @Test
    void sameFieldWithDifferentArgumentsInOneQueryIsRefusedNotMixedUp() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStreams { id
                    q1: flow(window: {from: "2026-01-01T00:00:00Z", to: "2026-04-01T00:00:00Z"}) { velocity }
                    q2: flow(window: {from: "2026-04-01T00:00:00Z", to: "2026-07-01T00:00:00Z"}) { velocity } } }""");

        List<Integer> q1 = answer.getList("data.valueStreams.q1.velocity", Integer.class);
        List<Integer> q2 = answer.getList("data.valueStreams.q2.velocity", Integer.class);
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].message")).isEqualTo(
                "flow is requested with different arguments in one query; ask for each in its own query");
        assertThat(stub.calls(FLOW)).isZero();
        assertThat(q1 == null ? List.of() : q1).as("no wrong numbers").doesNotContain(91);
        assertThat(q2 == null ? List.of() : q2).doesNotContain(90);
    }

    @Test
    void sameFieldWithSameArgumentsTwiceIsFine() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                { valueStreams { a: flow(window: %1$s) { velocity } b: flow(window: %1$s) { load } } }""".formatted(WINDOW));

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getList("data.valueStreams.a.velocity", Integer.class)).containsOnly(90);
        assertThat(stub.calls(FLOW)).isEqualTo(1);
    }

    @Test
    void viewerSeesOnlyStreamsOfHerGroupsInTheList() {
        List<String> alice = GraphQLCalls.query(Keycloak.alice(), "{ valueStreams { id } }")
                .getList("data.valueStreams.id", String.class);
        List<String> olga = GraphQLCalls.query(Keycloak.olga(), "{ valueStreams { id } }")
                .getList("data.valueStreams.id", String.class);
        List<String> admin = GraphQLCalls.query(Keycloak.admin(), "{ valueStreams { id } }")
                .getList("data.valueStreams.id", String.class);

        assertThat(alice).hasSize(PUBLIC_STREAMS + 1).contains(PAYMENTS).doesNotContain(OPS);
        assertThat(olga).hasSize(PUBLIC_STREAMS + 1).contains(OPS).doesNotContain(PAYMENTS);
        assertThat(admin).hasSize(PUBLIC_STREAMS + GROUPED_STREAMS).contains(PAYMENTS, OPS);
    }

    /**
     * Issue 21, finding 6d, with the realm's users: paul is in the sub-group payments of ops (/ops/payments). When the
     * groups claim held bare names, his "payments" matched the stream of the top-level group payments; groups now
     * match by full path, both ways, and membership of a sub-group is not membership of its parent.
     */
    @Test
    void aSubGroupNamedLikeATopLevelGroupGainsNothing() {
        List<String> paul = GraphQLCalls.query(Keycloak.paul(), "{ valueStreams { id } }")
                .getList("data.valueStreams.id", String.class);
        List<String> alice = GraphQLCalls.query(Keycloak.alice(), "{ valueStreams { id } }")
                .getList("data.valueStreams.id", String.class);
        JsonPath paymentsById = GraphQLCalls.query(Keycloak.paul(),
                "{ valueStream(id: \"%s\") { id } }".formatted(PAYMENTS));

        assertThat(paul).hasSize(PUBLIC_STREAMS + 1).contains(OPS_PAYMENTS).doesNotContain(PAYMENTS, OPS);
        assertThat(alice).contains(PAYMENTS).doesNotContain(OPS_PAYMENTS);
        assertThat(paymentsById.getMap("data")).containsEntry("valueStream", null);
    }

    @Test
    void streamOutsideTheCallersGroupsIsAbsentById() {
        String alice = Keycloak.alice();
        JsonPath ops = GraphQLCalls.query(alice, "{ valueStream(id: \"%s\") { id name } }".formatted(OPS));
        JsonPath payments = GraphQLCalls.query(alice, "{ valueStream(id: \"%s\") { id name } }".formatted(PAYMENTS));
        JsonPath opsAsAdmin = GraphQLCalls.query(Keycloak.admin(), "{ valueStream(id: \"%s\") { id } }".formatted(OPS));

        assertThat(ops.getList("errors")).as("absent, not forbidden").isNull();
        assertThat(ops.getMap("data")).containsEntry("valueStream", null);
        assertThat(payments.getString("data.valueStream.name")).isEqualTo("Payments");
        assertThat(opsAsAdmin.getString("data.valueStream.id")).isEqualTo(OPS);
    }

    @Test
    void unknownIdIsNull() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), "{ valueStream(id: \"nope\") { id } }");

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getMap("data")).containsEntry("valueStream", null);
    }

    @Test
    void metricsAreAskedOnlyForVisibleStreams() {
        GraphQLCalls.query(Keycloak.alice(), "{ valueStreams { flow(window: %s) { velocity } } }".formatted(WINDOW));

        JsonNode asked = stub.bodies(FLOW).get(0).get("valueStreamIds");
        assertThat(asked).hasSize(PUBLIC_STREAMS + 1);
        assertThat(asked.toString()).contains("\"" + PAYMENTS + "\"").doesNotContain("\"" + OPS + "\"");
    }

    @Test
    void reversedWindowIsRefusedNamingTheArgument() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), """
                { valueStreams { id flow(window: {from: "2026-04-01T00:00:00Z", to: "2026-01-01T00:00:00Z"}) { velocity } } }""");

        assertThat(answer.getString("errors[0].message")).isEqualTo("window.to must be after window.from");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(stub.calls(FLOW)).isZero();
    }

    /**
     * SmallRye GraphQL parses input objects before the resolver runs; its message names the
     * property and the value but also JSON-B internals (known limit, docs/gateway.md).
     */
    @Test
    void unparseableTimeIsRefusedBeforeAnyCall() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), """
                { valueStreams { flow(window: {from: "last monday", to: "2026-01-01T00:00:00Z"}) { velocity } } }""");

        assertThat(answer.getString("errors[0].message")).contains("'from'").contains("last monday");
        assertThat(stub.calls(FLOW)).isZero();
    }

    @Test
    void windowLongerThanTwoYearsIsRefused() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), """
                { valueStreams { dora(window: {from: "2023-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z"}) { deployments } } }""");

        assertThat(answer.getString("errors[0].message")).startsWith("window spans more than 2 years");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(stub.calls(DORA)).isZero();
    }

    @Test
    void pageSizeOutsideItsRangeIsRefused() {
        JsonPath zero = GraphQLCalls.query(Keycloak.alice(), "{ valueStreams { workItems(first: 0) { total } } }");
        JsonPath tooMany = GraphQLCalls.query(Keycloak.alice(), "{ valueStreams { workItems(first: 501) { total } } }");
        JsonPath fine = GraphQLCalls.query(Keycloak.alice(), "{ valueStreams { workItems { total } } }");

        assertThat(zero.getString("errors[0].message")).isEqualTo("first must be between 1 and 500 (was 0)");
        assertThat(zero.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(tooMany.getString("errors[0].message")).isEqualTo("first must be between 1 and 500 (was 501)");
        assertThat(fine.getList("errors")).isNull();
        assertThat(stub.calls("POST /internal/v1/metrics/work-items")).isEqualTo(1);
        assertThat(stub.bodies("POST /internal/v1/metrics/work-items").get(0).get("first").asInt()).isEqualTo(50);
    }

    @Test
    void forecastNeedsExactlyOneQuestion() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), "{ valueStreams { forecast(input: {}) { reason } } }");

        assertThat(answer.getString("errors[0].message"))
                .isEqualTo("input: give exactly one of input.itemCount and input.targetDate");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void metricsServiceUserErrorReachesTheCaller() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveValueStream(input: {name: "bad", stages: [{name: "Build", statuses: ["Done"], kind: ACTIVE}],
                  doneStatuses: ["Done"]}) { id } }""");

        assertThat(answer.getString("errors[0].message")).isEqualTo("stages[0].statuses: \"Done\" is also a done status");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void adminSavesAndTheInputReachesMetricsServiceAsIs() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveValueStream(input: {name: "New", scope: {projects: ["PAY"]},
                  stages: [{name: "Build", statuses: ["In Progress"], kind: ACTIVE}],
                  doneStatuses: ["Done"], visibleToGroups: ["payments"]}) { id name stages { name kind } visibleToGroups } }""");

        assertThat(answer.getList("errors")).isNull();
        assertThat(answer.getString("data.saveValueStream.id")).isEqualTo("vs-new");
        assertThat(answer.getList("data.saveValueStream.visibleToGroups")).containsExactly("payments");
        JsonNode sent = stub.bodies(SAVE).get(0);
        assertThat(sent.has("id")).as("no id = create").isFalse();
        assertThat(sent.get("scope").get("projects").get(0).asText()).isEqualTo("PAY");
        assertThat(sent.get("stages").get(0).get("kind").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void failedSaveIsUnavailableAndNotRetried() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), """
                mutation { saveValueStream(input: {name: "explode", stages: [], doneStatuses: ["Done"]}) { id } }""");

        assertThat(answer.getString("errors[0].message")).isEqualTo("metrics-service unavailable");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("UNAVAILABLE");
        assertThat(stub.calls(SAVE)).isEqualTo(1);
    }

    @Test
    void failingReadIsRetriedThenUnavailableWithoutDetails() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(),
                "{ valueStream(id: \"%s\") { dora(window: %s) { deployments } } }".formatted(PAYMENTS, WINDOW));

        assertThat(answer.getString("errors[0].message")).isEqualTo("metrics-service unavailable");
        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("UNAVAILABLE");
        assertThat(answer.getMap("errors[0].extensions")).containsOnlyKeys("code", "classification");
        assertThat(answer.prettify()).doesNotContain("boom").doesNotContain("java.").doesNotContain("500");
        assertThat(stub.calls(DORA)).as("first try and two retries").isEqualTo(3);
    }

    @Test
    void adminDeletes() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), "mutation { deleteValueStream(id: \"vs-01\") }");

        assertThat(answer.getBoolean("data.deleteValueStream")).isTrue();
        assertThat(stub.calls("DELETE /internal/v1/value-streams/{id}")).isEqualTo(1);
    }
}
