package dev.flowlens.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * Expiry. Keycloak issues 15-minute tokens and will not issue an expired one, so this test
 * trusts a local test key (src/test/resources/local-key) instead of Keycloak and signs its
 * own tokens: one valid (the control: 200) and one expired (401) with the same key.
 */
@QuarkusTest
@TestProfile(ExpiredTokenTest.LocalKey.class)
class ExpiredTokenTest {

    public static class LocalKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Without a server URL, Quarkus verifies with this key alone.
            return Map.of("quarkus.oidc.public-key", pem("local-key/public.pem"),
                    "quarkus.oidc.auth-server-url", "");
        }
    }

    @Test
    void validTokenOfTheTrustedKeyIsAccepted() throws Exception {
        given().auth().oauth2(token(Instant.now().plusSeconds(300))).contentType(ContentType.JSON)
                .body(Map.of("query", "{ __typename }")).post("/graphql")
                .then().statusCode(200);
    }

    @Test
    void expiredTokenIs401() throws Exception {
        given().auth().oauth2(token(Instant.now().minusSeconds(600))).contentType(ContentType.JSON)
                .body(Map.of("query", "{ __typename }")).post("/graphql")
                .then().statusCode(401);
    }

    private static String token(Instant expiry) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://test.invalid/realms/flowlens");
        claims.setSubject("someone");
        claims.setIssuedAt(NumericDate.fromSeconds(expiry.getEpochSecond() - 900));
        claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
        claims.setClaim("realm_access", Map.of("roles", List.of("viewer")));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(privateKey());
        String token = jws.getCompactSerialization();
        assertThat(token).isNotBlank();
        return token;
    }

    private static PrivateKey privateKey() throws Exception {
        byte[] der = Base64.getDecoder().decode(pem("local-key/private.pem"));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** The base64 body of a PEM file on the test classpath. */
    static String pem(String resource) {
        try (InputStream in = ExpiredTokenTest.class.getClassLoader().getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + resource + " missing", e);
        }
    }
}
