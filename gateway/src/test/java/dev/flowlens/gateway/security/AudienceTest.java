package dev.flowlens.gateway.security;

import static io.restassured.RestAssured.given;

import dev.flowlens.testsupport.LocalKey;
import dev.flowlens.testsupport.TrustLocalKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6a, as the attack: a token with every right role and group, correctly signed and unexpired, but
 * meant for another service of the realm (its {@code aud}), is replayed at the gateway. Keycloak issues no such token
 * for a viewer, so the tokens are signed with the trusted test key ({@link LocalKey}); the control, the same claims
 * for the gateway's audience, is accepted.
 */
@QuarkusTest
@TestProfile(TrustLocalKey.class)
class AudienceTest {

    private static final List<String> ALL_ROLES = List.of("viewer", "admin", "ingest", "service");

    @Test
    void aTokenForTheGatewayIsAccepted() {
        post(LocalKey.token("flowlens-gateway", ALL_ROLES, List.of())).then().statusCode(200);
    }

    @Test
    void aTokenForMetricsServiceIs401() {
        post(LocalKey.token("flowlens-metrics-service", ALL_ROLES, List.of())).then().statusCode(401);
    }

    @Test
    void aTokenForAnotherApplicationOfTheRealmIs401() {
        post(LocalKey.token("grafana", ALL_ROLES, List.of())).then().statusCode(401);
    }

    @Test
    void aTokenWithoutAudienceIs401() {
        post(LocalKey.token(null, ALL_ROLES, List.of())).then().statusCode(401);
    }

    private static io.restassured.response.Response post(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("query", "{ __typename }"))
                .post("/graphql");
    }
}
