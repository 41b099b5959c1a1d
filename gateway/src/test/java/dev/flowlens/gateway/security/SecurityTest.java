package dev.flowlens.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/**
 * Authentication and roles against the real Keycloak. metrics-service and ingest-service are
 * unreachable in this profile: every case here is decided before the gateway would call them,
 * except the last two, which check what a caller sees when they are down.
 */
@QuarkusTest
class SecurityTest {

    private static final String LIST = "{ valueStreams { id name } }";

    @Test
    void noTokenIs401() {
        given().contentType(ContentType.JSON).body(Map.of("query", LIST)).post("/graphql").then().statusCode(401);
    }

    @Test
    void garbageTokenIs401() {
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body(Map.of("query", LIST))
                .post("/graphql").then().statusCode(401);
    }

    /** A real alice token's header and claims, signed again by a key Keycloak never had. */
    @Test
    void tokenSignedByAnotherKeyIs401() throws Exception {
        String[] real = Keycloak.alice().split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(real[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(real[1]), StandardCharsets.UTF_8);
        String kid = JsonPath.from(header).getString("kid");

        RsaJsonWebKey foreignKey = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims);
        jws.setKey(foreignKey.getPrivateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        String forged = jws.getCompactSerialization();

        given().auth().oauth2(forged).contentType(ContentType.JSON).body(Map.of("query", LIST))
                .post("/graphql").then().statusCode(401);
    }

    @Test
    void healthAndMetricsArePublic() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void readinessChecksTheBackendsAndSaysWhichIsDown() {
        // in this profile metrics-service and ingest-service are on a closed port; Keycloak is up
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'backends' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'backends' }.data.keycloak", equalTo("up"))
                .body("checks.find { it.name == 'backends' }.data.metrics-service",
                        startsWith("unreachable"));
    }

    @Test
    void corsAllowsTheConfiguredDashboardOriginOnly() {
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/graphql").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:3000");
        String foreign = given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/graphql").then().extract().header("Access-Control-Allow-Origin");
        assertThat(foreign).isNull();
    }

    @Test
    void graphiqlPageIsReachable() {
        given().redirects().follow(true).get("/q/graphql-ui/").then().statusCode(200);
    }

    /**
     * Issue 21, finding 6a: a valid Keycloak token meant for another service (the ingest client's, audience
     * flowlens-ingest-service; the gateway's own service token, audience metrics- and ingest-service) is refused
     * before GraphQL runs. Before the audience check both reached the resolvers (and a role decided).
     */
    @Test
    void tokenMeantForAnotherServiceIs401() {
        given().auth().oauth2(Keycloak.ingest()).contentType(ContentType.JSON).body(Map.of("query", LIST))
                .post("/graphql").then().statusCode(401);
        given().auth().oauth2(Keycloak.gatewayService()).contentType(ContentType.JSON).body(Map.of("query", LIST))
                .post("/graphql").then().statusCode(401);
    }

    @Test
    void tokenWithoutViewerRoleIsForbiddenToRead() {
        JsonPath answer = GraphQLCalls.query(Keycloak.nora(), LIST);

        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(answer.getString("errors[0].message"))
                .isEqualTo("forbidden: valueStreams needs the role viewer or admin");
        assertThat(answer.getMap("data")).isNull();
    }

    @Test
    void viewerIsForbiddenToSave() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), """
                mutation { saveValueStream(input: {name: "X", stages: [], doneStatuses: ["Done"]}) { id } }""");

        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(answer.getString("errors[0].message")).isEqualTo("forbidden: saveValueStream needs the role admin");
    }

    @Test
    void viewerIsForbiddenToDelete() {
        JsonPath answer = GraphQLCalls.query(Keycloak.olga(), "mutation { deleteValueStream(id: \"x\") }");

        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    }

    @Test
    void metricsServiceDownIsUnavailableWithoutDetails() {
        JsonPath answer = GraphQLCalls.query(Keycloak.alice(), LIST);

        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("UNAVAILABLE");
        assertThat(answer.getString("errors[0].message")).isEqualTo("metrics-service unavailable");
        assertThat(answer.getMap("errors[0].extensions")).containsOnlyKeys("code", "classification");
        assertThat(answer.prettify()).doesNotContain("java.").doesNotContain("127.0.0.1").doesNotContain("refused");
    }

    /** ingest-service is unreachable here too: the list is retried, then reported without details. */
    @Test
    void ingestServiceDownIsUnavailableWithoutDetails() {
        JsonPath answer = GraphQLCalls.query(Keycloak.admin(), "{ connectors { id } }");

        assertThat(answer.getString("errors[0].extensions.code")).isEqualTo("UNAVAILABLE");
        assertThat(answer.getString("errors[0].message")).isEqualTo("ingest-service unavailable");
        assertThat(answer.getMap("errors[0].extensions")).containsOnlyKeys("code", "classification");
        assertThat(answer.prettify()).doesNotContain("java.").doesNotContain("127.0.0.1").doesNotContain("refused");
    }
}
