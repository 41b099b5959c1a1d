package dev.flowlens.metrics.api;

import static dev.flowlens.metrics.api.MetricsPipelineTest.move;
import static dev.flowlens.metrics.api.MetricsPipelineTest.upsert;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertKind;
import dev.flowlens.metrics.notify.NotifierOutbox;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 27's notifier test, against real local HTTP receivers (the JDK's server on loopback, which the test profile's
 * {@code flowlens.outbound.allow=127.0.0.0/8} lets through): alerts derived from facts published on the broker reach a
 * receiver that is down for a while, then answers 500, then comes back, every one of them, in order, each signed; a
 * second notifier of the same stream gets them meanwhile; and outbox rows that a stopped instance left behind, or
 * that it never enqueued, are delivered by this one.
 */
@QuarkusTest
class NotifierDeliveryTest {
    static final String SECRET = "whsec-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Inject
    NotifierOutbox outbox;

    @ConfigProperty(name = "flowlens.rabbitmq.vhost")
    String vhost;

    final List<Receiver> receivers = new CopyOnWriteArrayList<>();

    /** One request as a receiver saw it, and the status it answered. */
    record Received(String key, String signature, String event, String contentType, byte[] body, int answered) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A webhook receiver on a loopback port of its own; down until started, answering {@link #status}. */
    static final class Receiver {
        final int port;
        final List<Received> received = new CopyOnWriteArrayList<>();
        volatile int status = 200;
        /** While not counted down, every request hangs without an answer. */
        volatile java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(0);
        HttpServer server;

        Receiver() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
        }

        String url() {
            return "http://127.0.0.1:" + port + "/hooks/flowlens?team=pay";
        }

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/hooks/flowlens", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                try {
                    hang.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int answer = status;
                received.add(new Received(ex.getRequestHeaders().getFirst("Idempotency-Key"),
                        ex.getRequestHeaders().getFirst("X-Flowlens-Signature-256"),
                        ex.getRequestHeaders().getFirst("X-Flowlens-Event"),
                        ex.getRequestHeaders().getFirst("Content-Type") + " " + ex.getRequestURI().getRawQuery(), body, answer));
                ex.sendResponseHeaders(answer, -1);
                ex.close();
            });
            server.start();
        }

        void stop() {
            hang.countDown();
            if (server != null) {
                server.stop(0);
            }
        }

        List<Received> accepted() {
            return received.stream().filter(r -> r.answered() / 100 == 2).toList();
        }
    }

    Receiver receiver() throws IOException {
        Receiver r = new Receiver();
        receivers.add(r);
        return r;
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(Receiver::stop);
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    void publish(List<String> events) throws Exception {
        FlowEventsBroker.publish(vhost, events);
    }

    static void saveStream(String id, String project) {
        // a WIP limit of 0 on Build: any item in it is an alert
        given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                {"id":"%s","name":"Payments <web>","scope":{"projects":["%s"]},
                 "stages":[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE","wipLimit":0}],
                 "doneStatuses":["Done"]}""".formatted(id, project))
                .put("/internal/v1/value-streams").then().statusCode(200);
    }

    static JsonPath saveNotifier(String body) {
        return given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body(body)
                .put("/internal/v1/notifiers").then().statusCode(200).extract().jsonPath();
    }

    static String notifier(String name, String url, String secret, String... streams) {
        return saveNotifier("""
                {"name":"%s","url":"%s",%s"valueStreamIds":["%s"]}""".formatted(name, url,
                secret == null ? "" : "\"secret\":\"" + secret + "\",", String.join("\",\"", streams))).getString("id");
    }

    static Map<String, Object> state(String notifierId) {
        List<Map<String, Object>> all = given().auth().oauth2(Keycloak.gatewayService()).get("/internal/v1/notifiers")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.id == '" + notifierId + "' }");
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    long outboxRows(String notifierId) {
        return pool.preparedQuery("select count(*) from metrics.notifier_delivery where notifier_id = $1")
                .execute(Tuple.of(notifierId)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void everyAlertReachesAReceiverThatWasDownThenFailingInOrderSignedAndOthersAreNotHeldUp() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "vs-notify-" + run;
        String project = "ntf" + run;
        saveStream(stream, project);
        Receiver flaky = receiver(); // down: nothing listens on its port yet
        Receiver steady = receiver();
        steady.start();
        Receiver hanging = receiver();
        hanging.hang = new java.util.concurrent.CountDownLatch(1);
        hanging.start();
        String flakyId = notifier("Pager", flaky.url(), SECRET, stream);
        String steadyId = notifier("Chat", steady.url(), null, stream);
        String hangingId = notifier("Stuck", hanging.url(), null, stream);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant d10 = now.minus(10, ChronoUnit.DAYS);
        Instant d5 = now.minus(5, ChronoUnit.DAYS);
        Instant d4 = now.minus(4, ChronoUnit.DAYS);
        Instant d3 = now.minus(3, ChronoUnit.DAYS);
        // A enters Build (an alert is raised), leaves it (ended), then B enters it (a second alert): each step waits
        // until the outbox holds its event, so that each is news of its own
        publish(List.of(upsert(run, "A", project, d10.toString()), move(run, "A", 1, "To Do", "In Progress", d5.toString())));
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(flakyId) == 1);
        publish(List.of(move(run, "A", 2, "In Progress", "Done", d4.toString())));
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(flakyId) == 2);
        publish(List.of(upsert(run, "B", project, d10.toString()), move(run, "B", 1, "To Do", "In Progress", d3.toString())));
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(flakyId) == 3);

        String first = stream + ":WIP_LIMIT:Build:" + d5.getEpochSecond();
        String second = stream + ":WIP_LIMIT:Build:" + d3.getEpochSecond();
        List<String> expected = List.of(first + ":raised", first + ":ended", second + ":raised");

        // the other notifier of the stream is held up neither by the one whose receiver is down nor by the one whose
        // receiver never answers (its POSTs time out after flowlens.notifiers.request-timeout, 2 s in the tests)
        await().atMost(Duration.ofSeconds(20)).until(() -> steady.accepted().size() >= 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(hangingId).get("lastError") != null);
        assertThat((String) state(hangingId).get("lastError")).contains("failed: no answer within 2000 ms");
        assertThat(state(hangingId).get("pending")).isEqualTo(3);
        assertThat(steady.accepted()).extracting(Received::key).containsExactlyElementsOf(expected);
        assertThat(steady.accepted()).allSatisfy(r -> assertThat(r.signature()).as("no secret, no signature").isNull());
        await().atMost(Duration.ofSeconds(10)).until(() -> state(flakyId).get("lastError") != null);
        Map<String, Object> down = state(flakyId);
        assertThat(down.get("pending")).isEqualTo(3);
        assertThat((String) down.get("lastError")).contains("POST of " + first + ":raised to 127.0.0.1 failed: ")
                .contains("next attempt in");
        assertThat(down.get("lastDeliveryAt")).isNull();

        // up, but failing: the first event is tried again and again, nothing after it
        flaky.status = 500;
        flaky.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> flaky.received.size() >= 3);
        assertThat(flaky.received).extracting(Received::key).containsOnly(first + ":raised");
        await().atMost(Duration.ofSeconds(10)).until(() -> ((String) state(flakyId).get("lastError")).contains("answered 500"));
        assertThat(state(flakyId).get("pending")).isEqualTo(3);

        // back: everything arrives, in order, signed
        flaky.status = 200;
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Integer) state(flakyId).get("pending")) == 0);
        List<String> keys = flaky.accepted().stream().map(Received::key).toList();
        assertThat(new LinkedHashSet<>(keys)).as("in order; a duplicate only of an event already sent")
                .containsExactlyElementsOf(expected);
        for (Received r : flaky.received) {
            assertThat(r.signature()).isEqualTo(hmac(SECRET, r.body()));
            assertThat(r.json().path("id").asText() + ":" + r.json().path("event").asText()).isEqualTo(r.key());
            assertThat(r.event()).isEqualTo(r.json().path("event").asText());
            assertThat(r.contentType()).isEqualTo("application/json team=pay");
        }
        JsonNode ended = flaky.accepted().stream().filter(r -> r.key().equals(first + ":ended")).findFirst().orElseThrow().json();
        assertThat(ended.path("valueStreamId").asText()).isEqualTo(stream);
        assertThat(ended.path("valueStreamName").asText()).isEqualTo("Payments <web>");
        assertThat(ended.path("kind").asText()).isEqualTo("WIP_LIMIT");
        assertThat(ended.path("stage").asText()).isEqualTo("Build");
        assertThat(Instant.parse(ended.path("since").asText())).isEqualTo(d5);
        assertThat(Instant.parse(ended.path("until").asText())).isEqualTo(d4);
        Map<String, Object> up = state(flakyId);
        assertThat(up.get("lastError")).isNull();
        assertThat(up.get("lastDeliveryAt")).isNotNull();
        assertThat(state(steadyId).get("pending")).isEqualTo(0);
    }

    /**
     * What survives a restart is the database: the rows a stopped instance left (one of them claimed by it in the
     * middle of a POST, its claim run out) are delivered by this instance, in order, and what no instance enqueued
     * while they were down is caught up from the alerts as derived now (as the announcer does at start-up), once.
     */
    @Test
    void outboxRowsLeftByAStoppedInstanceAndEventsMissedWhileDownAreDelivered() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "vs-restart-" + run;
        saveStream(stream, "rst" + run);
        Receiver receiver = receiver();
        String id;
        // stopped first: rows stay pending until the receiver is up
        id = notifier("Restarted", receiver.url(), SECRET, stream);
        // it existed before the outage: events after its creation are its own
        pool.preparedQuery("update metrics.notifier set created_at = now() - interval '1 day' where id = $1")
                .execute(Tuple.of(id)).await().indefinitely();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Alert left1 = new Alert(stream + ":WIP_LIMIT:Build:1", stream, AlertKind.WIP_LIMIT, "Build", null,
                now.minus(3, ChronoUnit.HOURS), null);
        Alert left2 = new Alert(stream + ":SLE_BREACH:X-1:2", stream, AlertKind.SLE_BREACH, null, "X-1",
                now.minus(2, ChronoUnit.HOURS), null);
        String insert = "insert into metrics.notifier_delivery (notifier_id, value_stream_id, value_stream_name, alert_id,"
                + " event, alert, attempts, claimed_until) values ($1, $2, 'Payments', $3, 'raised', $4, $5, $6)";
        pool.preparedQuery(insert).execute(Tuple.from(new Object[] {id, stream, left1.id(), NotifierOutboxJson.of(left1), 4,
                java.time.OffsetDateTime.now().minusSeconds(5)})).await().indefinitely();
        pool.preparedQuery(insert).execute(Tuple.from(new Object[] {id, stream, left2.id(), NotifierOutboxJson.of(left2), 0,
                null})).await().indefinitely();

        // missed while down: left1 ended, and a new alert; one older than max-age is not sent any more
        Alert ended1 = new Alert(left1.id(), stream, AlertKind.WIP_LIMIT, "Build", null, left1.since(), now.minus(1, ChronoUnit.HOURS));
        Alert raised3 = new Alert(stream + ":WIP_LIMIT:Build:3", stream, AlertKind.WIP_LIMIT, "Build", null,
                now.minus(30, ChronoUnit.MINUTES), null);
        Alert ancient = new Alert(stream + ":SLE_BREACH:X-0:0", stream, AlertKind.SLE_BREACH, null, "X-0",
                now.minus(9, ChronoUnit.DAYS), now.minus(8, ChronoUnit.DAYS));
        List<Alert> derivedNow = List.of(ancient, ended1, left2, raised3);
        outbox.catchUp(stream, "Payments", derivedNow, now);
        outbox.catchUp(stream, "Payments", derivedNow, now);
        assertThat(outboxRows(id)).as("each event once: the catch-up skips what is in the outbox").isEqualTo(4);
        // news of an alert raised and ended between two looks (its facts came together): raised, then ended
        Alert both = new Alert(stream + ":WIP_LIMIT:Build:4", stream, AlertKind.WIP_LIMIT, "Build", null,
                now.minus(20, ChronoUnit.MINUTES), now.minus(10, ChronoUnit.MINUTES));
        outbox.enqueue(stream, "Payments", List.of(both));
        assertThat(outboxRows(id)).isEqualTo(6);

        receiver.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Integer) state(id).get("pending")) == 0);
        assertThat(new LinkedHashSet<>(receiver.accepted().stream().map(Received::key).toList())).containsExactly(
                left1.id() + ":raised", left2.id() + ":raised", left1.id() + ":ended", raised3.id() + ":raised",
                both.id() + ":raised", both.id() + ":ended");
        for (Received r : receiver.received) {
            assertThat(r.signature()).isEqualTo(hmac(SECRET, r.body()));
        }
    }

    @Test
    void savesAreCheckedSecretsNeverAnsweredAndDeletesRemoveTheOutbox() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "vs-check-" + run;
        saveStream(stream, "chk" + run);
        String token = Keycloak.gatewayService();
        Map<String, String> bad = Map.of(
                "{\"name\":\" \",\"url\":\"https://hooks.example.com/x\",\"valueStreamIds\":[]}", "name: must not be empty",
                "{\"name\":\"n\",\"url\":\"ftp://hooks.example.com/x\",\"valueStreamIds\":[]}",
                "url: must start with http:// or https://",
                "{\"name\":\"n\",\"url\":\"https://exa mple.com\",\"valueStreamIds\":[]}", "url: not a URL (Illegal character in authority)",
                "{\"name\":\"n\",\"url\":\"http://169.254.169.254/latest\",\"valueStreamIds\":[]}",
                "url: 169.254.169.254 is a link-local address, which outbound calls may not reach unless "
                        + "flowlens.outbound.allow lists it",
                "{\"name\":\"n\",\"url\":\"https://hooks.example.com/x\",\"valueStreamIds\":[\"no-such-stream\"]}",
                "valueStreamIds: no value stream no-such-stream");
        bad.forEach((body, detail) -> given().auth().oauth2(token).contentType("application/json").body(body)
                .put("/internal/v1/notifiers").then().statusCode(400).body("detail", equalTo(detail)));

        JsonPath saved = saveNotifier("""
                {"name":" Slack ","url":"https://hooks.example.com/services/T1","secret":"s1","format":"SLACK",
                 "valueStreamIds":["%s"]}""".formatted(stream));
        String id = saved.getString("id");
        assertThat(saved.getString("name")).isEqualTo("Slack");
        assertThat(saved.getString("format")).isEqualTo("SLACK");
        assertThat(saved.getInt("pending")).isZero();
        assertThat(saved.prettify()).doesNotContain("s1\"").doesNotContain("secret");
        String listed = given().auth().oauth2(token).get("/internal/v1/notifiers").then().statusCode(200).extract().asString();
        assertThat(listed).doesNotContain("secret").doesNotContain("\"s1\"");
        byte[] sealed = pool.preparedQuery("select secret_enc from metrics.notifier where id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getBuffer(0).getBytes();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s1");

        // a new URL does not get the old secret
        given().auth().oauth2(token).contentType("application/json").body("""
                {"id":"%s","name":"Slack","url":"https://other.example.com/x","valueStreamIds":["%s"]}""".formatted(id, stream))
                .put("/internal/v1/notifiers").then().statusCode(400).body("detail", equalTo("secret: give the secret again"
                        + " when url changes (an empty secret for none): the stored one is not sent to a new receiver"));

        given().auth().oauth2(token).delete("/internal/v1/notifiers/" + id).then().statusCode(200).body("deleted", equalTo(true));
        given().auth().oauth2(token).delete("/internal/v1/notifiers/" + id).then().statusCode(200).body("deleted", equalTo(false));
        assertThat(outboxRows(id)).isZero();
        given().get("/internal/v1/notifiers").then().statusCode(401);
        given().auth().oauth2(Keycloak.admin()).get("/internal/v1/notifiers").then().statusCode(401);
        given().auth().oauth2(token).get("/internal/v1/notifiers").then().body("findAll { it.id == '" + id + "' }.name",
                org.hamcrest.Matchers.empty());
        given().auth().oauth2(token).get("/internal/v1/notifiers").then().body("find { it.id == '" + id + "' }", nullValue());
    }

    /** The alert as the outbox stores it. */
    static final class NotifierOutboxJson {
        static JsonObject of(Alert a) {
            return new JsonObject().put("id", a.id()).put("valueStreamId", a.valueStreamId()).put("kind", a.kind().name())
                    .put("stage", a.stage()).put("itemId", a.itemId()).put("since", a.since().toString())
                    .put("until", a.until() == null ? null : a.until().toString());
        }
    }
}
