package dev.flowlens.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.testsupport.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6, with the real realm (deploy/keycloak/flowlens-realm.json) and the running services: the tokens
 * each client obtains name the service they are meant for in {@code aud} and carry full group paths, each service
 * accepts only its own, and an admin's token no longer reaches metrics-service's dead letters (the gateway's admin
 * operations do).
 */
class RealmTokensIT {

    private static final String LIST = "{ valueStreams { id } }";

    /** The claims of a JWT, unverified: what Keycloak put in it. */
    static JsonPath claims(String token) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    static List<String> audience(String token) {
        Object aud = claims(token).get("aud");
        return aud instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
    }

    @Test
    void eachClientsTokensAreMeantForTheServiceItCalls() {
        assertThat(audience(Keycloak.user("alice"))).contains("flowlens-gateway")
                .doesNotContain("flowlens-ingest-service", "flowlens-metrics-service");
        assertThat(audience(Keycloak.ingest())).contains("flowlens-ingest-service")
                .doesNotContain("flowlens-gateway", "flowlens-metrics-service");
        assertThat(audience(Keycloak.gatewayService())).contains("flowlens-metrics-service", "flowlens-ingest-service")
                .doesNotContain("flowlens-gateway");
    }

    @Test
    void aUsersTokenIsRefusedByIngestAndMetricsService() {
        String admin = Keycloak.user("admin");

        given().auth().oauth2(admin).contentType(ContentType.JSON).body("[]").post(Stack.INGEST + "/api/v1/events")
                .then().statusCode(401);
        given().auth().oauth2(admin).get(Stack.INGEST + "/internal/v1/connectors").then().statusCode(401);
        given().auth().oauth2(admin).get(Stack.METRICS + "/internal/v1/value-streams").then().statusCode(401);
        given().auth().oauth2(admin).get(Stack.METRICS + "/internal/v1/dead-letters").then().statusCode(401);
        given().auth().oauth2(admin).post(Stack.METRICS + "/internal/v1/dead-letters/redrive").then().statusCode(401);
    }

    @Test
    void serviceTokensAreRefusedByTheGatewayAndWhereTheyAreNotMeant() {
        given().auth().oauth2(Keycloak.ingest()).contentType(ContentType.JSON).body(Map.of("query", LIST))
                .post(Stack.GATEWAY + "/graphql").then().statusCode(401);
        given().auth().oauth2(Keycloak.gatewayService()).contentType(ContentType.JSON).body(Map.of("query", LIST))
                .post(Stack.GATEWAY + "/graphql").then().statusCode(401);
        given().auth().oauth2(Keycloak.ingest()).get(Stack.METRICS + "/internal/v1/value-streams")
                .then().statusCode(401);
        // the gateway's service token is meant for both internal APIs
        given().auth().oauth2(Keycloak.gatewayService()).get(Stack.METRICS + "/internal/v1/value-streams")
                .then().statusCode(200);
        given().auth().oauth2(Keycloak.gatewayService()).get(Stack.INGEST + "/internal/v1/connectors")
                .then().statusCode(200);
    }

    @Test
    void tokensCarryFullGroupPaths() {
        assertThat(claims(Keycloak.user("alice")).getList("groups", String.class)).containsExactly("/payments");
        assertThat(claims(Keycloak.user("paul")).getList("groups", String.class)).containsExactly("/ops/payments");
    }

    @Test
    void anAdminListsDeadLettersThroughTheGatewayAndAViewerMayNot() {
        JsonPath admin = Stack.graphql(Keycloak.user("admin"),
                "{ deadLetters(first: 5) { routingKey reason deaths } }", Map.of());
        JsonPath alice = Stack.graphql(Keycloak.user("alice"), "{ deadLetters { reason } }", Map.of());

        assertThat(admin.getList("errors")).as(admin.prettify()).isNull();
        assertThat(admin.getList("data.deadLetters")).isNotNull();
        assertThat(alice.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    }
}
