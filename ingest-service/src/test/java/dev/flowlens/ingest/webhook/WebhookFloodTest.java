package dev.flowlens.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 2: the webhook endpoints are open to anyone, and twelve concurrent 32 MB bodies to
 * {@code POST /webhooks/github/<unknown id>} made ingest-service run out of memory and answer 500. Each test is an
 * attack, sent over raw sockets from a small repeated chunk (the test shares the service's JVM, so it must not hold
 * the bodies itself), on the service's own heap: ingest-service's tests run with {@code -Xmx256m}, as bin/flowlens
 * starts the service ({@link #onTheServicesHeap}). What a sender sees is checked: the status of every answer (never a
 * 5xx), that a refused body could not even be sent in full (the server closed instead of reading it), and that
 * the events API and a correctly signed delivery are accepted while the flood goes on.
 */
@QuarkusTest
class WebhookFloodTest {

    static final int ATTACKERS = 12;
    static final long MB = 1024 * 1024;
    static final byte[] CHUNK = new byte[(int) MB];
    static final String BAD_SIGNATURE = "sha256=" + "0".repeat(64);

    static {
        java.util.Arrays.fill(CHUNK, (byte) ' ');
    }

    @Inject
    Pool pool;

    @TestHTTPResource("/")
    URL base;

    ExecutorService attackers;

    @BeforeEach
    void start() {
        attackers = Executors.newFixedThreadPool(ATTACKERS);
    }

    @AfterEach
    void stop() {
        attackers.shutdownNow();
    }

    /** A POST over a raw socket with a declared body length, whose body is sent on demand from {@link #CHUNK}. */
    final class Sender implements AutoCloseable {
        final Socket socket;
        final OutputStream out;

        Sender(String path, long contentLength, Map<String, String> headers) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Sends {@code bytes} more of the body; false when the server closed the connection instead of reading it. */
        boolean send(long bytes) {
            try {
                for (long left = bytes; left > 0; left -= CHUNK.length) {
                    out.write(CHUNK, 0, (int) Math.min(CHUNK.length, left));
                }
                out.flush();
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        /** The status code of the answer (-1: the connection closed without one). */
        int status() throws IOException {
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? -1 : Integer.parseInt(line.split(" ")[1]);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static Map<String, String> githubHeaders(String signature) {
        return Map.of("X-GitHub-Event", "issues", "X-GitHub-Delivery", UUID.randomUUID().toString(),
                "X-Hub-Signature-256", signature);
    }

    /** The heap the attack ran the service out of; on a larger one these tests would prove nothing. */
    static void onTheServicesHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).as("test JVM heap (ingest-service/pom.xml argLine)")
                .isLessThanOrEqualTo(256 * MB);
    }

    static long config(String name) {
        return ConfigProvider.getConfig().getValue(name, MemorySize.class).asLongValue();
    }

    List<Integer> all(List<Future<Integer>> answers) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get(120, TimeUnit.SECONDS));
        }
        return statuses;
    }

    long webhookRows() {
        return pool.query("select count(*) from ingest.raw_payload where channel like 'webhook:%'").execute().await()
                .indefinitely().iterator().next().getLong(0);
    }

    long rawRows(String connectorId) {
        return pool.preparedQuery("select count(*) from ingest.raw_payload where connector_id = $1").execute(Tuple.of(connectorId))
                .await().indefinitely().iterator().next().getLong(0);
    }

    /** A valid batch of one event through the events API: 202. */
    static void eventsAreAccepted() {
        String id = "flood-" + UUID.randomUUID();
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json").body("""
                [{"specversion":"1.0","id":"%s","source":"jira/acme","type":"workitem.transitioned","time":"2026-03-02T09:10:00Z",
                  "data":{"itemId":"jira:acme:PAY-1","fromStatus":"To Do","toStatus":"In Progress","at":"2026-03-02T09:10:00Z"}}]"""
                .formatted(id)).post("/api/v1/events").then().statusCode(202).body("accepted", equalTo(1));
    }

    /** A small, correctly signed GitHub delivery: 202. */
    static void aSignedDeliveryIsAccepted(String id, String secret) throws Exception {
        byte[] body = WebhookAndAdminTest.payload("github-webhooks/octokit-payload-examples/issues/opened.payload.json");
        given().headers(githubHeaders(HmacSha256.sign(secret, body))).contentType("application/json").body(body)
                .post("/webhooks/github/" + id).then().statusCode(202);
    }

    /** {@code flowlens_webhooks_bytes_in_flight_bytes} of {@code /q/metrics}. */
    static double bytesInFlight() {
        Matcher m = Pattern.compile("(?m)^flowlens_webhooks_bytes_in_flight_bytes(?:\\{[^}]*})? (\\S+)$")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        assertThat(m.find()).as("gauge flowlens_webhooks_bytes_in_flight_bytes on /q/metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void twelveConcurrent32MbBodiesToUnknownConnectorsAre404WithoutBeingRead() throws Exception {
        onTheServicesHeap();
        long before = webhookRows();
        List<Future<Integer>> answers = new ArrayList<>();
        List<Boolean> sentInFull = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            answers.add(attackers.submit(() -> {
                try (Sender s = new Sender("/webhooks/github/" + UUID.randomUUID(), 32 * MB, githubHeaders(BAD_SIGNATURE))) {
                    // the answer comes before any of the body is sent...
                    int status = s.status();
                    // ...and the server does not take the body afterwards either
                    sentInFull.add(s.send(32 * MB));
                    return status;
                }
            }));
        }
        eventsAreAccepted();
        assertThat(all(answers)).containsOnly(404);
        assertThat(sentInFull).hasSize(ATTACKERS).containsOnly(false);
        assertThat(webhookRows()).isEqualTo(before);
        eventsAreAccepted();
    }

    @Test
    void twelveConcurrentBodiesOverTheWebhookLimitAre413WithoutBeingRead() throws Exception {
        onTheServicesHeap();
        String id = WebhookAndAdminTest.connector("GITHUB", "s-" + UUID.randomUUID(), "https://github.com");
        // under quarkus.http.limits.max-body-size (32M, for event batches), over the webhooks' own limit
        long length = 32 * MB;
        assertThat(length).isGreaterThan(config("flowlens.connectors.webhooks.max-body-size"));
        List<Future<Integer>> answers = new ArrayList<>();
        List<Boolean> sentInFull = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            answers.add(attackers.submit(() -> {
                try (Sender s = new Sender("/webhooks/github/" + id, length, githubHeaders(BAD_SIGNATURE))) {
                    sentInFull.add(s.send(length));
                    return s.status();
                }
            }));
        }
        assertThat(all(answers)).containsOnly(413);
        assertThat(sentInFull).containsOnly(false);
        assertThat(rawRows(id)).isZero();
    }

    /**
     * Bodies a little under the limit, badly signed (a stranger cannot sign), each held open with its last 4 MB
     * still owed: the bytes in flight stay within {@code flowlens.connectors.webhooks.in-flight-bytes}, the rest are
     * answered 429 at once; meanwhile events and a signed delivery are accepted; then the held bodies are finished
     * (401: bad signature) and the budget is free again.
     */
    @Test
    void aFloodOfLargeUnsignedBodiesIsAnswered4xxWhileEventsAndSignedDeliveriesAreAccepted() throws Exception {
        onTheServicesHeap();
        String secret = "flood-" + UUID.randomUUID();
        String id = WebhookAndAdminTest.connector("GITHUB", secret, "https://github.com");
        long length = 24 * MB;
        long held = 20 * MB;
        assertThat(length).isLessThanOrEqualTo(config("flowlens.connectors.webhooks.max-body-size"));
        long admittedAtOnce = config("flowlens.connectors.webhooks.in-flight-bytes") / length;
        assertThat(admittedAtOnce).as("the budget must hold some, not all, of the flood").isBetween(1L, ATTACKERS - 1L);

        CountDownLatch holding = new CountDownLatch(ATTACKERS);
        CountDownLatch finish = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            Callable<Integer> attack = () -> {
                try (Sender s = new Sender("/webhooks/github/" + id, length, githubHeaders(BAD_SIGNATURE))) {
                    boolean taken = s.send(held);
                    holding.countDown();
                    if (taken && finish.await(120, TimeUnit.SECONDS)) {
                        s.send(length - held);
                    }
                    return s.status();
                }
            };
            answers.add(attackers.submit(attack));
        }
        assertThat(holding.await(120, TimeUnit.SECONDS)).as("every attacker sent or was refused").isTrue();

        // during the flood
        eventsAreAccepted();
        aSignedDeliveryIsAccepted(id, secret);
        finish.countDown();

        List<Integer> statuses = all(answers);
        assertThat(statuses).as("no 5xx").containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(ATTACKERS - admittedAtOnce);
        assertThat(rawRows(id)).as("only the signed delivery").isEqualTo(1);
        // every claim is given back once its answer is out: the next large delivery fits again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> bytesInFlight() == 0);
        aSignedDeliveryIsAccepted(id, secret);
        eventsAreAccepted();
    }
}
