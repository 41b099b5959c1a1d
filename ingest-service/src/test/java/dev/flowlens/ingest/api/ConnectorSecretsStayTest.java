package dev.flowlens.ingest.api;

import static dev.flowlens.ingest.connector.PullHarness.saveConnector;
import static dev.flowlens.ingest.connector.PullHarness.serviceToken;
import static dev.flowlens.ingest.connector.PullHarness.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.flowlens.ingest.connector.PullHarness;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 3: a connector's token and webhook secret are write-only, and a replace without them keeps the
 * stored ones. Moved to another address ({@code baseUrl}) or tool ({@code kind}) that way, the next sync would send
 * the stored token to the new host. Each test is the attempt: an admin (or whoever holds the service token)
 * re-points a connector at a host they listen on and leaves the secrets out.
 */
@QuarkusTest
class ConnectorSecretsStayTest {

    static final String TOKEN = "ghp_stored-token-" + UUID.randomUUID();

    HttpServer listener;
    /** The Authorization headers the listening host received. */
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", ex -> {
            received.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            // an empty repository, as GitHub lists it
            PullHarness.send(ex, 200, ex.getRequestURI().getPath().endsWith("/actions/runs")
                    ? "{\"total_count\":0,\"workflow_runs\":[]}" : "[]", Map.of());
        });
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.stop(0);
    }

    String listenerUrl() {
        return "http://127.0.0.1:" + listener.getAddress().getPort();
    }

    static String input(String id, String kind, String baseUrl, String extra) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"kind\":\"" + kind + "\",\"name\":\"payments\",\"baseUrl\":\""
                + baseUrl + "\",\"selector\":\"acme/payments\"" + extra + "}";
    }

    static io.restassured.response.ValidatableResponse put(String token, String json) {
        return given().auth().oauth2(token).contentType("application/json").body(json).put("/internal/v1/connectors").then();
    }

    @Test
    void movingAConnectorToAnotherHostWithoutItsSecretsIsRefusedAndNothingReachesThatHost() {
        String token = serviceToken();
        String id = saveConnector(token, input(null, "GITHUB", "https://github.example",
                ",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"whsec-stored\""));

        put(token, input(id, "GITHUB", listenerUrl(), "")).statusCode(400).body("detail", equalTo(
                "token and webhookSecret: required again because baseUrl changes from 'https://github.example' to '"
                        + listenerUrl() + "' (stored secrets are only kept for the tool and address they were saved for)"));
        // the connector is unchanged, and its next sync goes where its token was saved for, not to the listener
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.baseUrl", equalTo("https://github.example"));
        assertThat(sync(id, token).getString("status")).isEqualTo("FAILED");
        assertThat(received).isEmpty();

        // only the webhook secret given: the token is still missing, and named alone
        put(token, input(id, "GITHUB", listenerUrl(), ",\"webhookSecret\":\"whsec-new\"")).statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("token: required again because baseUrl changes"))
                .body("violations[0].field", equalTo("token"));
        // another tool at the same address is another trust too
        put(token, input(id, "GITLAB", "https://github.example", ",\"token\":\"glpat-new\"")).statusCode(400)
                .body("detail", equalTo("webhookSecret: required again because kind changes from GITHUB to GITLAB"
                        + " (stored secrets are only kept for the tool and address they were saved for)"));
        assertThat(received).isEmpty();

        // with both given again the move is saved, and the sync sends the new token, never the stored one
        put(token, input(id, "GITHUB", listenerUrl(), ",\"token\":\"ghp_new\",\"webhookSecret\":\"whsec-new\"")).statusCode(200)
                .body("baseUrl", equalTo(listenerUrl()));
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        assertThat(received).isNotEmpty().allMatch("Bearer ghp_new"::equals);
    }

    @Test
    void aReplaceAtTheSameAddressStillKeepsTheStoredSecrets() {
        String token = serviceToken();
        String id = saveConnector(token, input(null, "GITHUB", listenerUrl(), ",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"s\""));
        // renamed and given a trailing slash: the same tool at the same address
        put(token, input(id, "GITHUB", listenerUrl() + "/", "").replace("\"payments\"", "\"renamed\"")).statusCode(200)
                .body("name", equalTo("renamed"));
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        assertThat(received).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);

        // a connector without stored secrets has nothing to give again
        String bare = saveConnector(token, input(null, "JIRA", "https://jira.example", ""));
        put(token, input(bare, "GITLAB", listenerUrl(), "")).statusCode(200).body("kind", equalTo("GITLAB"));
    }
}
