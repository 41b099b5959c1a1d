package dev.flowlens.ingest.connector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.pull.PullClock;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the pull tests share: the service's token, starting a sync and waiting for it, the local tool server's plumbing, the outbox. */
public final class PullHarness {

    private PullHarness() {
    }

    /** A token of the gateway's service account (role {@code service}), as the gateway calls the internal API. */
    public static String serviceToken() {
        return Keycloak.gatewayService();
    }

    /** Saves a connector ({@code PUT /internal/v1/connectors}) and answers its id. */
    public static String saveConnector(String token, String json) {
        return given().auth().oauth2(token).contentType("application/json").body(json)
                .put("/internal/v1/connectors").then().statusCode(200).extract().path("id");
    }

    /** Starts a sync, waits for it to end, and answers the run as GET sync-runs shows it. */
    public static JsonPath sync(String id, String token) {
        String runId = given().auth().oauth2(token).post("/internal/v1/connectors/" + id + "/sync").then().statusCode(202)
                .body("status", equalTo("RUNNING")).body("connectorId", equalTo(id)).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !"RUNNING".equals(
                given().auth().oauth2(token).get("/internal/v1/connectors/" + id + "/sync-runs").then().statusCode(200)
                        .extract().jsonPath().getString("find { it.id == '" + runId + "' }.status")));
        JsonPath runs = given().auth().oauth2(token).get("/internal/v1/connectors/" + id + "/sync-runs").then().extract().jsonPath();
        return runs.setRootPath("find { it.id == '" + runId + "' }");
    }

    /** Every outbox row of a connector's raw rows: event id -> payload (a replay appends rows with the same ids). */
    public static Map<String, TreeSet<String>> outbox(Pool pool, String connectorId) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        pool.preparedQuery("""
                select o.event_id, o.payload from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1""").execute(Tuple.of(connectorId)).await().indefinitely()
                .forEach(r -> out.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1)));
        return out;
    }

    /** The newest outbox row's id (0 when empty): rows after it are what came later, e.g. a replay. */
    public static long lastOutboxId(Pool pool) {
        return count(pool, "select coalesce(max(id), 0) from ingest.outbox");
    }

    /**
     * A connector's outbox rows after {@code afterId}, each as {@code <raw id> <channel> <event id> <payload>},
     * sorted: two snapshots are equal when every raw row queued the same events, byte for byte, but for the mapping
     * revision ({@code flowlensmapped}, which every queuing stamps anew: see {@link #revisions}), left out here.
     */
    public static List<String> outboxRows(Pool pool, String connectorId, long afterId) {
        List<String> out = new ArrayList<>();
        pool.preparedQuery("""
                select o.raw_id, r.channel, o.event_id, o.payload from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.id > $2""").execute(Tuple.of(connectorId, afterId)).await().indefinitely()
                .forEach(r -> out.add(r.getLong(0) + " " + r.getString(1) + " " + r.getString(2) + " " + unstamped(r.getString(3))));
        Collections.sort(out);
        return out;
    }

    /** An outbox payload without its {@code flowlensmapped} attribute, otherwise byte for byte as stored. */
    public static String unstamped(String payload) {
        ObjectNode n = (ObjectNode) FlowEventCodec.readTree(payload.getBytes(StandardCharsets.UTF_8));
        if (n.remove(FlowEvent.MAPPED_ATTRIBUTE) == null) {
            throw new AssertionError("an outbox payload without " + FlowEvent.MAPPED_ATTRIBUTE + ": " + payload);
        }
        return new String(FlowEventCodec.toBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * The mapping revisions ({@code flowlensmapped}, microseconds) of a connector's outbox rows with
     * {@code afterId < id <= upTo}, sorted.
     */
    public static List<Long> revisions(Pool pool, String connectorId, long afterId, long upTo) {
        List<Long> out = new ArrayList<>();
        pool.preparedQuery("""
                select o.payload from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.id > $2 and o.id <= $3""").execute(Tuple.of(connectorId, afterId, upTo)).await().indefinitely()
                .forEach(r -> out.add(FlowEventCodec.revision(FlowEventCodec.readTree(r.getString(0).getBytes(StandardCharsets.UTF_8)))));
        Collections.sort(out);
        return out;
    }

    /**
     * A connection test ({@code POST /internal/v1/connectors/test}) of a connector as it would be saved: answers the
     * checks, and fails when the test saved a connector.
     */
    public static JsonPath testConnection(Pool pool, String kind, String baseUrl, String selector, String token) {
        String input = "{\"kind\":\"" + kind + "\",\"name\":\"connection test\",\"baseUrl\":\"" + baseUrl + "\",\"selector\":\""
                + selector + "\",\"token\":\"" + token + "\"}";
        long connectors = count(pool, "select count(*) from ingest.connector");
        JsonPath answer = given().auth().oauth2(serviceToken()).contentType("application/json").body(input)
                .post("/internal/v1/connectors/test").then().statusCode(200).extract().jsonPath();
        if (count(pool, "select count(*) from ingest.connector") != connectors) {
            throw new AssertionError("a connection test saved a connector: " + answer.prettify());
        }
        return answer;
    }

    /** {@code POST /internal/v1/replay} of one connector: answers {payloads, events}. */
    public static JsonPath replay(String token, String connectorId) {
        return given().auth().oauth2(token).contentType("application/json").body("{\"connectorId\":\"" + connectorId + "\"}")
                .post("/internal/v1/replay").then().statusCode(200).extract().jsonPath();
    }

    /**
     * Replays the connector after its first events ({@code first}, its outbox rows) and checks what every connector's
     * replay must do: it re-maps every stored payload, queues again exactly the same events (same ids, same bytes),
     * and each replayed event carries a higher mapping revision than any first one, so it replaces it downstream.
     * Answers the last outbox id before the replay.
     */
    public static long assertReplayQueuesTheSameEvents(Pool pool, String token, String connectorId, List<String> first) {
        long rawRows = count(pool, "select count(*) from ingest.raw_payload where connector_id = $1", connectorId);
        long last = lastOutboxId(pool);
        JsonPath replay = replay(token, connectorId);
        assertThat(replay.getLong("payloads")).isEqualTo(rawRows);
        assertThat(replay.getLong("events")).isEqualTo(first.size());
        assertThat(outboxRows(pool, connectorId, last)).isEqualTo(first);
        List<Long> before = revisions(pool, connectorId, 0, last);
        assertThat(revisions(pool, connectorId, last, Long.MAX_VALUE)).hasSize(first.size())
                .allMatch(r -> r > before.get(before.size() - 1));
        return last;
    }

    public static long count(Pool pool, String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    public static String cursor(Pool pool, String id, String resource) {
        var rows = pool.preparedQuery("select cursor from ingest.sync_cursor where connector_id = $1 and resource = $2")
                .execute(Tuple.of(id, resource)).await().indefinitely();
        var it = rows.iterator();
        return it.hasNext() ? it.next().getString(0) : null;
    }

    /** Puts a {@link RecordingPullClock} starting at {@code start} in the service's place: waits are recorded, not slept. */
    public static RecordingPullClock installClock(Instant start) {
        RecordingPullClock clock = new RecordingPullClock(start);
        QuarkusMock.installMockForType(clock, PullClock.class);
        return clock;
    }

    /** The local tool server: a free port of 127.0.0.1, every path answered by {@code handler}; stop it after each test. */
    public static HttpServer toolServer(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    /** The base URL a connector reaches {@code server} at. */
    public static String baseUrl(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    /** A raw query string, decoded, in order. */
    public static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String p : raw.split("&")) {
                int eq = p.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }
}
