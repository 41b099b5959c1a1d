package dev.flowlens.gateway.graphql.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6b: a forecast's cost is bounded before metrics-service is asked. A viewer may ask for at most
 * 10,000 trials over at most 730 days of horizon, an admin 100,000 over 3,650, and nobody for more than 100 million
 * draws (runs x days of horizon) per stream; an argument over its limit is BAD_USER_INPUT naming it, and nothing is
 * computed. The caller's horizon travels to metrics-service, which stops a "when" trial there.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class ForecastLimitsTest {

    private static final String FORECAST = "POST /internal/v1/metrics/forecast";

    private MetricsStub stub;

    @BeforeEach
    void resetStub() {
        stub = MetricsStub.current;
        stub.reset();
    }

    static JsonPath forecast(String token, String input) {
        return GraphQLCalls.query(token, "{ valueStream(id: \"vs-01\") { forecast(input: {" + input
                + "}) { reason points { days } } } }");
    }

    static String targetIn(int days) {
        return "targetDate: \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(days))
                .plus(Duration.ofHours(1)) + "\"";
    }

    @Test
    void aViewersForecastRunsWithinTheViewersHorizon() {
        JsonPath answer = forecast(Keycloak.alice(), "itemCount: 10");

        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        JsonNode asked = stub.bodies(FORECAST).get(0);
        assertThat(asked.get("horizonDays").asInt()).isEqualTo(730);
        assertThat(asked.get("forecast").get("runs").asInt()).isEqualTo(10_000);
    }

    @Test
    void anAdminsForecastGetsTheLongerHorizon() {
        JsonPath answer = forecast(Keycloak.admin(), "itemCount: 10, runs: 20000");

        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        assertThat(stub.bodies(FORECAST).get(0).get("horizonDays").asInt()).isEqualTo(3650);
    }

    @Test
    void aViewerAskingForMoreRunsIsRefusedNamingRuns() {
        JsonPath answer = forecast(Keycloak.alice(), "itemCount: 10, runs: 10001");

        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].message"))
                .isEqualTo("input.runs must be between 1 and 10000 for a viewer (was 10001)");
        assertThat(stub.calls(FORECAST)).isZero();
    }

    @Test
    void aViewersTargetDateBeyondTheHorizonIsRefusedNamingIt() {
        JsonPath answer = forecast(Keycloak.alice(), targetIn(800));

        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(answer.getString("errors[0].message"))
                .startsWith("input.targetDate must be within 730 days of now for a viewer (was ")
                .endsWith(", 800 days away)");
        assertThat(stub.calls(FORECAST)).isZero();
    }

    @Test
    void runsTimesHorizonIsBoundedForAdminsToo() {
        JsonPath when = forecast(Keycloak.admin(), "itemCount: 10, runs: 100000");
        JsonPath soon = forecast(Keycloak.admin(), "runs: 100000, " + targetIn(365));

        assertThat(when.getString("errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
        assertThat(when.getString("errors[0].message")).isEqualTo("input.runs: 100000 runs x 3650 days of horizon "
                + "is 365000000 draws per value stream, more than 100000000; ask for at most 27397 runs");
        assertThat(soon.getList("errors")).as("100,000 runs over a year: 36.5 million draws").isNull();
        assertThat(stub.calls(FORECAST)).isEqualTo(1);
    }
}
