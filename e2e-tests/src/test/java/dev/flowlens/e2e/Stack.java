package dev.flowlens.e2e;

import static io.restassured.RestAssured.given;

import dev.flowlens.testsupport.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/** The running stack the end-to-end tests talk to, as bin/flowlens test started it (tokens: {@link Keycloak}). */
final class Stack {

    static final String GATEWAY = setting("FLOWLENS_GATEWAY_URL", "http://localhost:18080");
    static final String INGEST = setting("FLOWLENS_INGEST_URL", "http://localhost:18081");
    /** The two metrics-service instances of the e2e stack, consuming the same queue. */
    static final String METRICS = setting("FLOWLENS_METRICS_URL", "http://localhost:18082");
    static final String METRICS_2 = setting("FLOWLENS_METRICS2_URL", "http://localhost:18083");

    private Stack() {
    }

    private static String setting(String name, String fallback) {
        String v = System.getProperty(name, System.getenv(name));
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Posts events to ingest-service and expects them accepted. */
    static void post(List<String> events) {
        given().auth().oauth2(Keycloak.ingest()).contentType(ContentType.JSON).body("[" + String.join(",", events) + "]")
                .post(INGEST + "/api/v1/events").then().statusCode(202);
    }

    /** Runs a GraphQL operation with a token; the HTTP status must be 200. */
    static JsonPath graphql(String token, String query, Map<String, Object> variables) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("query", query, "variables", variables))
                .post(GATEWAY + "/graphql").then().statusCode(200).extract().jsonPath();
    }
}
