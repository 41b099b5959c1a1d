package dev.flowlens.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.testsupport.Endpoints.Endpoint;
import dev.flowlens.testsupport.Endpoints;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, access: every HTTP endpoint of ingest-service, found by scanning its compiled classes for JAX-RS
 * resources (so a new one cannot be forgotten), refuses a call without credentials: 401, or for a webhook (which
 * is authenticated by the tool's signature) 401 or 404 for an unknown connector; and a user's token too. Health and
 * metrics stay public.
 */
@QuarkusTest
class EndpointAccessTest {

    @Test
    void everyEndpointRefusesACallWithoutCredentials() {
        List<Endpoint> all = Endpoints.scan();
        assertThat(all).extracting(Endpoint::path)
                .contains("/api/v1/events", "/webhooks/github/x", "/webhooks/gitlab/x", "/webhooks/jira/x");
        Endpoints.assertAllRefuse(all, null,
                (e, status) -> status == 401 || (e.path().startsWith("/webhooks/") && status == 404));
        System.out.println("ingest-service endpoints checked without credentials: " + all);
        given().get("/q/health/live").then().statusCode(200);
    }

    /**
     * A user's real Keycloak token (alice's, meant for the gateway) opens no endpoint: the events API takes the ingest
     * client's token, /internal the gateway's service token, and a webhook only the tool's signature.
     */
    @Test
    void everyEndpointRefusesAUsersToken() {
        Endpoints.assertAllRefuse(Endpoints.scan(), Keycloak.alice(),
                (e, status) -> status == 401 || status == 403 || (e.path().startsWith("/webhooks/") && status == 404));
    }
}
