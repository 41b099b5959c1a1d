package dev.flowlens.ingest;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

/** Real access tokens from the Keycloak that bin/flowlens starts (realm flowlens). */
public final class Tokens {

    private Tokens() {
    }

    private static String tokenUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class)
                + "/protocol/openid-connect/token";
    }

    /** A user's token through the public CLI client (password grant). */
    public static String user(String username) {
        return given().formParam("grant_type", "password").formParam("client_id", "flowlens-cli")
                .formParam("username", username).formParam("password", username)
                .post(tokenUrl()).then().statusCode(200).extract().path("access_token");
    }

    /** The gateway's service token (role service; meant for ingest-service and metrics-service). */
    public static String gatewayService() {
        return given().formParam("grant_type", "client_credentials").formParam("client_id", "flowlens-gateway")
                .formParam("client_secret", "flowlens-gateway-secret")
                .post(tokenUrl()).then().statusCode(200).extract().path("access_token");
    }

    /** The ingest client's service-account token (role ingest). */
    public static String ingest() {
        return given().formParam("grant_type", "client_credentials").formParam("client_id", "flowlens-ingest")
                .formParam("client_secret", "flowlens-ingest-secret")
                .post(tokenUrl()).then().statusCode(200).extract().path("access_token");
    }
}
