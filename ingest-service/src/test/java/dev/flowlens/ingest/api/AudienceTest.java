package dev.flowlens.ingest.api;

import static io.restassured.RestAssured.given;

import dev.flowlens.testsupport.LocalKey;
import dev.flowlens.testsupport.TrustLocalKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6a, as the attack: a correctly signed, unexpired token with the right role, but meant for another
 * service of the realm (its {@code aud}), is replayed at ingest-service. Keycloak issues no such token, so they are
 * signed with the trusted test key ({@link LocalKey}); the controls, the same claims for ingest-service, get through
 * authentication and reach the endpoint.
 */
@QuarkusTest
@TestProfile(TrustLocalKey.class)
class AudienceTest {

    /** The audience this service expects (application.properties quarkus.oidc.token.audience). */
    private static final String AUDIENCE = "flowlens-ingest-service";

    @Test
    void anIngestTokenForIngestServiceReachesTheEventsApi() {
        given().auth().oauth2(LocalKey.token(AUDIENCE, List.of("ingest"), List.of()))
                .contentType("application/json").body("{").post("/api/v1/events").then().statusCode(400);
    }

    @Test
    void anIngestTokenForTheGatewayIs401OnTheEventsApi() {
        given().auth().oauth2(LocalKey.token("flowlens-gateway", List.of("ingest"), List.of()))
                .contentType("application/json").body("{").post("/api/v1/events").then().statusCode(401);
    }

    @Test
    void aServiceTokenForIngestServiceReachesTheInternalApi() {
        given().auth().oauth2(LocalKey.token(AUDIENCE, List.of("service"), List.of())).get("/internal/v1/connectors")
                .then().statusCode(200);
    }

    @Test
    void aServiceTokenForMetricsServiceIs401OnTheInternalApi() {
        given().auth().oauth2(LocalKey.token("flowlens-metrics-service", List.of("service"), List.of()))
                .get("/internal/v1/connectors").then().statusCode(401);
    }
}
