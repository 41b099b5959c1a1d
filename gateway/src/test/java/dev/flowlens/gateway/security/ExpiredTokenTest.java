package dev.flowlens.gateway.security;

import static io.restassured.RestAssured.given;

import dev.flowlens.testsupport.LocalKey;
import dev.flowlens.testsupport.TrustLocalKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expiry. Keycloak issues 15-minute tokens and will not issue an expired one, so this test trusts a local test key
 * ({@link LocalKey}) instead of Keycloak and signs its own tokens: one valid (the control: 200) and one expired (401)
 * with the same key.
 */
@QuarkusTest
@TestProfile(TrustLocalKey.class)
class ExpiredTokenTest {

    @Test
    void validTokenOfTheTrustedKeyIsAccepted() {
        given().auth().oauth2(token(Instant.now().plusSeconds(300))).contentType(ContentType.JSON)
                .body(Map.of("query", "{ __typename }")).post("/graphql")
                .then().statusCode(200);
    }

    @Test
    void expiredTokenIs401() {
        given().auth().oauth2(token(Instant.now().minusSeconds(600))).contentType(ContentType.JSON)
                .body(Map.of("query", "{ __typename }")).post("/graphql")
                .then().statusCode(401);
    }

    private static String token(Instant expiry) {
        Map<String, Object> claims = LocalKey.claims("flowlens-gateway", List.of("viewer"), List.of());
        claims.put("iat", expiry.getEpochSecond() - 900);
        claims.put("exp", expiry.getEpochSecond());
        return LocalKey.sign(claims);
    }
}
