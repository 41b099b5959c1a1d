package dev.flowlens.metrics.api;

import static io.restassured.RestAssured.given;

import dev.flowlens.testsupport.LocalKey;
import dev.flowlens.testsupport.TrustLocalKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6a, as the attack: a correctly signed, unexpired token with the role {@code service}, but meant
 * for another service of the realm (its {@code aud}), is replayed at metrics-service's internal API. Keycloak issues
 * no such token, so they are signed with the trusted test key ({@link LocalKey}); the control, the same claims for
 * metrics-service, is answered.
 */
@QuarkusTest
@TestProfile(TrustLocalKey.class)
class AudienceTest {

    /** The audience this service expects (application.properties quarkus.oidc.token.audience). */
    private static final String AUDIENCE = "flowlens-metrics-service";

    @Test
    void aServiceTokenForMetricsServiceIsAnswered() {
        given().auth().oauth2(LocalKey.token(AUDIENCE, List.of("service"), List.of())).get("/internal/v1/value-streams")
                .then().statusCode(200);
    }

    @Test
    void aServiceTokenForIngestServiceIs401() {
        given().auth().oauth2(LocalKey.token("flowlens-ingest-service", List.of("service"), List.of()))
                .get("/internal/v1/value-streams").then().statusCode(401);
    }

    /**
     * Issue 21, finding 6c: even an administrator's token meant for metrics-service (a realm whose mappers gave users
     * this audience) may not list or re-drive dead letters: that is for the gateway's service token alone.
     */
    @Test
    void anAdministratorsTokenForMetricsServiceIsForbiddenTheDeadLetters() {
        String admin = LocalKey.token(AUDIENCE, List.of("admin", "viewer"), List.of());
        given().auth().oauth2(admin).get("/internal/v1/dead-letters").then().statusCode(403);
        given().auth().oauth2(admin).post("/internal/v1/dead-letters/redrive").then().statusCode(403);
    }

    @Test
    void aTokenForTheGatewayIs401WhateverItsRoles() {
        given().auth().oauth2(LocalKey.token("flowlens-gateway", List.of("service", "admin", "viewer"), List.of()))
                .get("/internal/v1/value-streams").then().statusCode(401);
    }
}
