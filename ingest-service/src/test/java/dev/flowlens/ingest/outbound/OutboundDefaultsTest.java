package dev.flowlens.ingest.outbound;

import static dev.flowlens.ingest.connector.PullHarness.serviceToken;
import static dev.flowlens.ingest.connector.PullHarness.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.sun.net.httpserver.HttpServer;
import dev.flowlens.ingest.connector.PullHarness;
import dev.flowlens.ingest.connector.store.SecretBox;
import dev.flowlens.outbound.AddressGuard;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 4, with the address guard as deployed: no {@code flowlens.outbound.allow} (the test profile's
 * {@code 127.0.0.0/8}, which the recorded-response servers of the other tests need, is lifted). A connector pointed
 * at the service's own loopback, the cloud's metadata address or the unspecified address is refused when it is
 * saved, and a connector that got there anyway (stored before this check, or a host whose DNS answer changed) is
 * refused before its request is sent, by the check before each request and by the check of the connection itself.
 * The internal service is played by a server on loopback that records what reaches it: nothing may.
 */
@QuarkusTest
@TestProfile(OutboundDefaultsTest.AsDeployed.class)
class OutboundDefaultsTest {

    /** The address guard's settings as deployed. */
    public static class AsDeployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flowlens.outbound.allow", "");
        }
    }

    static final String TOKEN = "ghp_never-sent-" + UUID.randomUUID();
    static final String LOOPBACK = "127.0.0.1 is a loopback address, which outbound calls may not reach unless "
            + "flowlens.outbound.allow lists it";

    @Inject
    Pool pool;

    @Inject
    SecretBox secrets;

    @Inject
    AddressGuard addresses;

    HttpServer internal;
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", ex -> {
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            PullHarness.send(ex, 200, "[]", Map.of());
        });
        internal.start();
    }

    @AfterEach
    void stop() {
        internal.stop(0);
    }

    int port() {
        return internal.getAddress().getPort();
    }

    static io.restassured.response.ValidatableResponse save(String baseUrl) {
        return given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"kind\":\"GITHUB\",\"name\":\"internal\",\"baseUrl\":\"" + baseUrl + "\",\"selector\":\"acme/payments\","
                        + "\"token\":\"" + TOKEN + "\"}")
                .put("/internal/v1/connectors").then();
    }

    @Test
    void savingAConnectorThatPointsAtAnInternalAddressIsRefusedNamingBaseUrl() {
        save("http://127.0.0.1:" + port()).statusCode(400).body("detail", equalTo("baseUrl: " + LOOPBACK));
        save("http://169.254.169.254/latest/meta-data").statusCode(400).body("detail", equalTo("baseUrl: 169.254.169.254 is a "
                + "link-local address, which outbound calls may not reach unless flowlens.outbound.allow lists it"));
        save("http://0.0.0.0:" + port()).statusCode(400).body("detail", startsWith("baseUrl: 0.0.0.0 is an unspecified address"));
        save("http://[::1]:" + port()).statusCode(400).body("detail", startsWith("baseUrl: 0:0:0:0:0:0:0:1 is a loopback address"));
        save("http://[fe80::1]:" + port()).statusCode(400).body("detail", startsWith("baseUrl: fe80:0:0:0:0:0:0:1 is a link-local"));
        // a name, and the same address written as IPv6
        save("http://localhost:" + port()).statusCode(400).body("detail", startsWith("baseUrl: 'localhost' resolves to "));
        save("http://[::ffff:127.0.0.1]:" + port()).statusCode(400).body("detail", equalTo("baseUrl: " + LOOPBACK));
        // an on-premises tool on the private network is normal (saved only: no sync runs in the tests)
        save("http://10.11.12.13:8080").statusCode(200).body("baseUrl", equalTo("http://10.11.12.13:8080"));
        assertThat(received).isEmpty();
    }

    @Test
    void aConnectorStoredBeforeTheCheckIsRefusedBeforeItsRequestIsSent() {
        String id = UUID.randomUUID().toString();
        pool.preparedQuery("insert into ingest.connector (id, kind, name, base_url, selector, token_enc) values ($1, 'GITHUB',"
                + " 'stored before', $2, 'acme/payments', $3)")
                .execute(Tuple.of(id, "http://127.0.0.1:" + port(), Buffer.buffer(secrets.seal(TOKEN)))).await().indefinitely();
        String token = serviceToken();

        JsonPath run = sync(id, token);

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("error")).isEqualTo("GET /repos/acme/payments/issues not sent: " + LOOPBACK);
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.lastError", equalTo(run.getString("error")));
        assertThat(received).isEmpty();
    }

    /**
     * The last check alone: a REST client built by the guard, called without the check before the request, as when
     * a host resolved to an allowed address a moment ago and to this one now. The connection is refused before any
     * of the request is written.
     */
    @Test
    void theAddressAConnectionReachedIsCheckedBeforeTheRequestIsWritten() {
        Probe probe = GuardedRestClient.builder(addresses, URI.create("http://127.0.0.1:" + port())).build(Probe.class);

        assertThatThrownBy(probe::get).satisfies(e -> assertThat(refusal(e)).isEqualTo(
                "the connection to '127.0.0.1' reached 127.0.0.1, a loopback address, which outbound calls may not reach "
                        + "unless flowlens.outbound.allow lists it; nothing was sent"));
        assertThat(received).isEmpty();
    }

    static String refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AddressGuard.Refused) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no AddressGuard.Refused in " + e, e);
    }
}
