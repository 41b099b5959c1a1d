package dev.flowlens.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;

/** POST /graphql as a dashboard would. */
public final class GraphQLCalls {

    private GraphQLCalls() {
    }

    /** Runs a query with a bearer token, expects HTTP 200 and returns the JSON body. */
    public static JsonPath query(String token, String query) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("query", query))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
    }
}
