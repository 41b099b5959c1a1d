package dev.flowlens.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;

/**
 * Real access tokens from the Keycloak that bin/flowlens starts, realm {@code flowlens}
 * (deploy/keycloak/flowlens-realm.json): its users (password = user name) through the public client
 * {@code flowlens-cli}, and its two confidential clients' service accounts.
 *
 * <p>The realm's URL is {@code FLOWLENS_OIDC_URL} (system property or environment, as the services read it), else
 * {@code http://localhost:<FLOWLENS_KEYCLOAK_PORT, 8180>/realms/flowlens}. A token is fetched once and reused until
 * shortly before it expires: the tests ask for hundreds, Keycloak would answer them all the same.
 */
public final class Keycloak {

    /** The realm's issuer URL. */
    public static final String REALM_URL = realmUrl();
    private static final String TOKEN_URL = REALM_URL + "/protocol/openid-connect/token";
    /** A cached token is handed out only while it has at least this long to live. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();
    private static volatile boolean up;

    private record Cached(String token, Instant expires) {
    }

    private Keycloak() {
    }

    private static String realmUrl() {
        String url = setting("FLOWLENS_OIDC_URL");
        if (url != null) {
            return url;
        }
        String port = setting("FLOWLENS_KEYCLOAK_PORT");
        return "http://localhost:" + (port == null ? "8180" : port) + "/realms/flowlens";
    }

    private static String setting(String name) {
        String v = System.getProperty(name, System.getenv(name));
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A realm user's token: password grant on the public client flowlens-cli. */
    public static String userToken(String username, String password) {
        return token("password flowlens-cli " + username, Map.of("grant_type", "password", "client_id", "flowlens-cli",
                "username", username, "password", password));
    }

    /** A realm user's token; the demo users' password is their name. */
    public static String user(String username) {
        return userToken(username, username);
    }

    /** admin: roles admin and viewer, no group. */
    public static String admin() {
        return user("admin");
    }

    /** viewer, group payments. */
    public static String alice() {
        return user("alice");
    }

    /** viewer, group ops. */
    public static String olga() {
        return user("olga");
    }

    /** viewer, group payments inside group ops: /ops/payments, not /payments. */
    public static String paul() {
        return user("paul");
    }

    /** A realm user without a Flowlens role (no viewer, no admin): a valid token that may do nothing. */
    public static String nora() {
        return user("nora");
    }

    /** Client credentials of flowlens-ingest: a token meant for ingest-service (audience), its only role ingest. */
    public static String ingest() {
        return clientToken("flowlens-ingest", "flowlens-ingest-secret");
    }

    /**
     * Client credentials of flowlens-gateway: the gateway's service token (role service), meant for metrics-service
     * and ingest-service, the only caller their internal APIs accept.
     */
    public static String gatewayService() {
        return clientToken("flowlens-gateway", "flowlens-gateway-secret");
    }

    private static String clientToken(String clientId, String secret) {
        return token("client_credentials " + clientId, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    private static String token(String key, Map<String, String> form) {
        Cached cached = TOKENS.get(key);
        if (cached != null && Instant.now().plus(MARGIN).isBefore(cached.expires())) {
            return cached.token();
        }
        awaitUp();
        Instant asked = Instant.now();
        JsonPath answer = given().formParams(form).post(TOKEN_URL).then().statusCode(200).extract().jsonPath();
        Cached fresh = new Cached(answer.getString("access_token"), asked.plusSeconds(answer.getLong("expires_in")));
        TOKENS.put(key, fresh);
        return fresh.token();
    }

    /** Waits (up to 3 minutes) for the realm to answer, once: a test run may start while Keycloak still boots. */
    private static void awaitUp() {
        if (up) {
            return;
        }
        Awaitility.await("Keycloak realm at " + REALM_URL).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> given().get(REALM_URL + "/.well-known/openid-configuration").statusCode() == 200);
        up = true;
    }
}
