package dev.flowlens.gateway.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Issue 23: the gateway's plain HTTP answers a refusal as problem details too (GraphQL errors stay GraphQL's). */
    @Test
    void aWrongMethodIsA405Problem() {
        given().contentType("application/json").body("{}").post("/dashboard/config.json")
                .then().statusCode(405).contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Method Not Allowed"))
                .body("status", equalTo(405))
                .body("instance", equalTo("/dashboard/config.json"));
    }

    /**
     * Issue 21: the page shows text chosen by tools and keeps tokens in sessionStorage; its policy lets no inline or
     * injected script run, and no other site frame it. Checked on each kind of answer under /dashboard.
     */
    @Test
    void everyDashboardAnswerCarriesTheScriptPolicyAndNoSniffingOrFraming() {
        String page = given().get("/dashboard/").then().statusCode(200).extract().asString();
        Matcher asset = Pattern.compile("/dashboard/assets/[^\"]+\\.js").matcher(page);
        assertThat(asset.find()).as("the page names its script").isTrue();

        for (Response r : List.of(given().get("/dashboard/"), given().get(asset.group()), given().get("/dashboard/config.json"),
                given().redirects().follow(false).get("/dashboard"), given().get("/dashboard/no-such-file.js"))) {
            String policy = r.header("Content-Security-Policy");
            assertThat(policy).as("policy").isNotNull();
            Map<String, String> directives = new HashMap<>();
            for (String d : policy.split(";")) {
                String[] parts = d.trim().split(" ", 2);
                directives.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            assertThat(directives.get("script-src")).isEqualTo("'self'");
            assertThat(directives.get("default-src")).isEqualTo("'none'");
            assertThat(directives.get("object-src")).isNull(); // default-src 'none' covers it
            assertThat(directives.get("frame-ancestors")).isEqualTo("'none'");
            assertThat(directives.get("base-uri")).isEqualTo("'none'");
            assertThat(directives.get("connect-src")).isEqualTo("'self' http://localhost:8180");
            assertThat(policy).doesNotContain("unsafe-eval");
            assertThat(directives.get("style-src")).isEqualTo("'self'");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        }
        assertThat(given().get(asset.group()).then().statusCode(200).extract().contentType()).contains("javascript");
    }

    @Test
    void theApiBehindItStillNeedsAToken() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ valueStreams { id } }"))
                .post("/graphql").then().statusCode(401);
    }
}
