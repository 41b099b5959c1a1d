package dev.flowlens.gateway.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.flowlens.gateway.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference dashboard is public (its page, its assets, where to log in) while the API it
 * calls is not. The files are the built {@code dashboard} module on the classpath.
 */
@QuarkusTest
class DashboardResourceTest {

    @Test
    void barePathRedirectsToTheDirectorySoRelativeAssetsResolve() {
        given().redirects().follow(false).get("/dashboard")
                .then().statusCode(303).header("Location", endsWith("/dashboard/"));
    }

    @Test
    void pageIsServedWithoutAToken() {
        given().get("/dashboard/")
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Flowlens dashboard</title>"), containsString("/dashboard/assets/"));
    }

    @Test
    void loginSettingsNameTheRealmAndThePublicClient() {
        given().get("/dashboard/config.json")
                .then().statusCode(200).contentType(ContentType.JSON)
                // the realm the gateway itself uses (FLOWLENS_OIDC_URL; http://localhost:8180/realms/flowlens by default)
                .body("oidcUrl", equalTo(Keycloak.REALM_URL))
                .body("clientId", equalTo("flowlens-dashboard"));
    }

    @Test
    void theApiBehindItStillNeedsAToken() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ valueStreams { id } }"))
                .post("/graphql").then().statusCode(401);
    }
}
