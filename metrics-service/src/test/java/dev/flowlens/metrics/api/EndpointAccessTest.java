package dev.flowlens.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.testsupport.Endpoints.Endpoint;
import dev.flowlens.testsupport.Endpoints;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, access: every HTTP endpoint of metrics-service, found by scanning its compiled classes for JAX-RS
 * resources (so a new one cannot be forgotten), refuses a call without credentials with 401, and (issue 21) an
 * administrator's token too. Health and metrics stay public.
 */
@QuarkusTest
class EndpointAccessTest {

    @Test
    void everyEndpointRefusesACallWithoutCredentials() {
        List<Endpoint> all = Endpoints.scan();
        assertThat(all).extracting(Endpoint::path)
                .contains("/internal/v1/metrics/flow", "/internal/v1/value-streams", "/internal/v1/dead-letters");
        Endpoints.assertAllRefuse(all, null, (e, status) -> status == 401);
        System.out.println("metrics-service endpoints checked without credentials: " + all);
        given().get("/q/health/live").then().statusCode(200);
    }

    /**
     * Issue 21, finding 6c: an administrator's real Keycloak token is refused on every endpoint, the dead letters
     * included (they used to accept it): /internal is for the gateway's service token only, and operators manage dead
     * letters through the gateway's admin GraphQL operations.
     */
    @Test
    void everyEndpointRefusesAnAdministratorsToken() {
        Endpoints.assertAllRefuse(Endpoints.scan(), Keycloak.admin(), (e, status) -> status == 401 || status == 403);
    }
}
