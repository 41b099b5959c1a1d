package dev.flowlens.gateway;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * Tokens from the real Keycloak of the dev machine / CI (realm {@code flowlens},
 * deploy/keycloak/flowlens-realm.json). URL from FLOWLENS_OIDC_URL like the gateway's.
 */
public final class Keycloak {

    public static final String REALM_URL = System.getenv().getOrDefault("FLOWLENS_OIDC_URL",
            "http://localhost:8180/realms/flowlens");
    private static final String TOKEN_URL = REALM_URL + "/protocol/openid-connect/token";

    private Keycloak() {
    }

    /** Password grant on the public client flowlens-cli. */
    public static String userToken(String username, String password) {
        awaitUp();
        return given().formParam("grant_type", "password").formParam("client_id", "flowlens-cli")
                .formParam("username", username).formParam("password", password)
                .post(TOKEN_URL).then().statusCode(200).extract().path("access_token");
    }

    public static String admin() {
        return userToken("admin", "admin");
    }

    /** viewer, group payments. */
    public static String alice() {
        return userToken("alice", "alice");
    }

    /** viewer, group ops. */
    public static String olga() {
        return userToken("olga", "olga");
    }

    /** viewer, group payments inside group ops: /ops/payments, not /payments. */
    public static String paul() {
        return userToken("paul", "paul");
    }

    /** A realm user without a Flowlens role (no viewer, no admin): a valid token for the gateway that may do nothing. */
    public static String nora() {
        return userToken("nora", "nora");
    }

    /** Client credentials of flowlens-ingest: a token meant for ingest-service (audience), whose only role is ingest. */
    public static String ingest() {
        return clientToken("flowlens-ingest", "flowlens-ingest-secret");
    }

    /** Client credentials of flowlens-gateway: the gateway's service token, meant for metrics- and ingest-service. */
    public static String gatewayService() {
        return clientToken("flowlens-gateway", "flowlens-gateway-secret");
    }

    private static String clientToken(String clientId, String secret) {
        awaitUp();
        return given().formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(TOKEN_URL).then().statusCode(200).extract().path("access_token");
    }

    private static void awaitUp() {
        Awaitility.await("Keycloak realm at " + REALM_URL).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> given().get(REALM_URL + "/.well-known/openid-configuration").statusCode() == 200);
    }
}
