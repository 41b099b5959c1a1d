package dev.flowlens.ingest.connector.opsgenie;

import static dev.flowlens.ingest.connector.PullHarness.count;
import static dev.flowlens.ingest.connector.PullHarness.cursor;
import static dev.flowlens.ingest.connector.PullHarness.outbox;
import static dev.flowlens.ingest.connector.PullHarness.query;
import static dev.flowlens.ingest.connector.PullHarness.send;
import static dev.flowlens.ingest.connector.PullHarness.serviceToken;
import static dev.flowlens.ingest.connector.PullHarness.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.ingest.connector.PullHarness;
import dev.flowlens.ingest.connector.RecordingPullClock;
import dev.flowlens.ingest.connector.ToolTime;
import dev.flowlens.testsupport.DevLake;
import dev.flowlens.testsupport.RealData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Opsgenie pull against a local server that answers {@code GET /v1/incidents} with DevLake's two recorded incidents
 * of service 695bce3d (sandesvitor: one open, one resolved), filtered by the query's impacted service and
 * {@code createdAt>=<ms>}, sorted by creation ascending, exactly the {@code offset}/{@code limit} asked; the first
 * request is refused once with {@code 429 Retry-After: 3}.
 *
 * <p>The connection test's answers are written by the Flowlens team in the shapes Opsgenie's API documents (no
 * recording exists): the incidents listing as above, {@code GET /v1/services/{id}} as {@code {"data": {...}}}, and its
 * error body {@code {"message", "took", "requestId"}}: "Could not authenticate" for an unknown key (Opsgenie's
 * documented message), and a 404 for an unknown service whose wording is ours.
 */
@QuarkusTest
class OpsgeniePullTest {

    static final String SERVICE = "695bce3d-4621-4630-8ae1-24eb89c22d6e";
    static final String TOKEN = "opsgenie-api-key-never-logged";
    static final String WEBHOOK_SECRET = "opsgenie-webhook-secret-for-tests";
    static final Pattern QUERY = Pattern.compile("^impactedServices:(\\S+) AND createdAt>=(\\d+)$");

    @Inject
    Pool pool;

    HttpServer server;
    RecordingPullClock clock;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final Map<String, ObjectNode> incidents = new LinkedHashMap<>();
    volatile boolean refuse = true;
    /** The connection tests' calls, in order. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        DevLake.table("devlake/opsgenie/raw_tables/_raw_opsgenie_incidents.csv").forEach(r -> incidents.put(r.data().get("id").asText(),
                (ObjectNode) r.data()));
        clock = PullHarness.installClock(Instant.parse("2026-03-01T08:00:00Z"));
        server = PullHarness.toolServer(this::handle);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String baseUrl() {
        return PullHarness.baseUrl(server);
    }

    private void handle(HttpExchange ex) throws IOException {
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String path = ex.getRequestURI().getRawPath();
        if (!("GenieKey " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            calls.add(path);
            send(ex, 401, "{\"message\":\"Could not authenticate\",\"took\":0.001,\"requestId\":\"test\"}", Map.of());
            return;
        }
        if (path.startsWith("/v1/services/")) {
            calls.add(path);
            String id = path.substring("/v1/services/".length());
            if (id.equals(SERVICE)) {
                send(ex, 200, "{\"data\":{\"id\":\"" + SERVICE + "\",\"name\":\"TestService\",\"teamId\":\"test\"},\"took\":0.01,"
                        + "\"requestId\":\"test\"}", Map.of());
            } else {
                send(ex, 404, "{\"message\":\"Service with id [" + id + "] does not exist.\",\"took\":0.002,\"requestId\":\"test\"}",
                        Map.of());
            }
            return;
        }
        if (path.equals("/v1/incidents") && !q.containsKey("query")) {
            // the connection test's listing: any incidents, as many as asked
            calls.add(path + "?limit=" + q.get("limit"));
            ObjectNode body = RealData.JSON.createObjectNode();
            incidents.values().stream().limit(Long.parseLong(q.getOrDefault("limit", "20"))).forEach(body.putArray("data")::add);
            body.put("totalCount", incidents.size()).put("took", 0.01).put("requestId", "test");
            send(ex, 200, body.toString(), Map.of());
            return;
        }
        Matcher m = QUERY.matcher(q.getOrDefault("query", ""));
        if (!ex.getRequestURI().getRawPath().equals("/v1/incidents") || !m.matches() || !"asc".equals(q.get("order"))) {
            send(ex, 422, "{\"message\":\"unexpected request " + q + "\",\"took\":0.0}", Map.of());
            return;
        }
        int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        int limit = Integer.parseInt(q.getOrDefault("limit", "20"));
        requests.add("since " + Instant.ofEpochMilli(Long.parseLong(m.group(2))) + " +" + offset);
        if (refuse) {
            refuse = false;
            send(ex, 429, "{\"message\":\"Request throttled\",\"took\":0.0}", Map.of("Retry-After", "3", "X-RateLimit-State", "THROTTLED"));
            return;
        }
        Instant since = Instant.ofEpochMilli(Long.parseLong(m.group(2)));
        List<ObjectNode> all = incidents.values().stream()
                .filter(i -> i.get("impactedServices").toString().contains(m.group(1)))
                .filter(i -> !created(i).isBefore(since)).sorted(Comparator.comparing(OpsgeniePullTest::created)).toList();
        ObjectNode body = RealData.JSON.createObjectNode();
        all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())).forEach(body.putArray("data")::add);
        body.put("totalCount", all.size()).put("took", 0.01).put("requestId", "test");
        send(ex, 200, body.toString(), Map.of());
    }

    static Instant created(JsonNode i) {
        return ToolTime.parse(i.get("createdAt").asText());
    }

    String connector() {
        return PullHarness.saveConnector(serviceToken(), "{\"kind\":\"OPSGENIE\",\"name\":\"sandesvitor\",\"baseUrl\":\"" + baseUrl()
                + "\",\"selector\":\"" + SERVICE + "\",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"" + WEBHOOK_SECRET
                + "\",\"settings\":{\"serviceNames\":{\"" + SERVICE + "\":\"TestService\"}}}");
    }

    @Test
    void aSyncWaitsStoresBothIncidentsHoldsTheCursorAtTheOpenOneAndReadsItsResolutionLater() {
        String token = serviceToken();
        String id = connector();
        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
        assertThat(requests).hasSize(2);
        assertThat(authorizations).allMatch(("GenieKey " + TOKEN)::equals);
        String open = "opsgenie:127.0.0.1:3a74524a-f492-4172-b3f5-6041c7cb404a";
        String done = "opsgenie:127.0.0.1:3f84e009-7548-4e7d-832a-fa82c1ceb6b1";
        assertThat(outbox(pool, id).keySet()).containsExactlyInAnyOrder(open + ":opened", done + ":opened",
                done + ":resolved:2023-09-05T18:21:21.490Z");
        assertThat(outbox(pool, id).get(open + ":opened").first()).contains("\"service\":\"TestService\"");
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and (headers::text like $2 or body like $2)",
                id, "%" + TOKEN + "%")).isZero();
        assertThat(cursor(pool, id, "incidents:" + SERVICE)).isEqualTo("2023-09-06T14:30:56.346Z");

        requests.clear();
        JsonPath second = sync(id, token);
        assertThat(second.getInt("stored")).isZero();
        assertThat(requests).containsExactly("since 2023-09-06T14:30:56.346Z +0");

        ObjectNode resolved = incidents.get("3a74524a-f492-4172-b3f5-6041c7cb404a").deepCopy();
        resolved.put("status", "resolved").put("updatedAt", "2023-09-06T15:00:00.000Z").put("impactEndDate", "2023-09-06T14:59:00.000Z");
        incidents.put("3a74524a-f492-4172-b3f5-6041c7cb404a", resolved);
        JsonPath third = sync(id, token);
        assertThat(third.getInt("stored")).isEqualTo(1);
        assertThat(outbox(pool, id).keySet()).contains(open + ":resolved:2023-09-06T14:59:00Z");
        assertThat(cursor(pool, id, "incidents:" + SERVICE)).isEqualTo("2023-09-06T14:30:56.346Z");
    }

    @Test
    void webhookDeliveriesNeedTheSecretHeaderAndAReplayQueuesTheSameEvents() {
        String token = serviceToken();
        String id = connector();
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        for (String f : List.of("create.json", "acknowledge.json", "close.json", "create-not-an-incident.json")) {
            byte[] body = RealData.json("opsgenie-webhooks/webhook-integration/" + f).toString().getBytes(StandardCharsets.UTF_8);
            given().header("X-Flowlens-Token", WEBHOOK_SECRET).contentType("application/json").body(body)
                    .post("/webhooks/opsgenie/" + id).then().statusCode(202);
        }
        byte[] body = RealData.json("opsgenie-webhooks/webhook-integration/close.json").toString().getBytes(StandardCharsets.UTF_8);
        given().header("X-Flowlens-Token", "nope").contentType("application/json").body(body).post("/webhooks/opsgenie/" + id)
                .then().statusCode(401);
        List<String> first = PullHarness.outboxRows(pool, id, 0);
        assertThat(first).anyMatch(r -> r.contains(" webhook:opsgenie ") && r.contains(":alert:") && r.contains("incident.resolved"));
        long rawRows = count(pool, "select count(*) from ingest.raw_payload where connector_id = $1", id);
        long last = PullHarness.lastOutboxId(pool);
        JsonPath replay = PullHarness.replay(token, id);
        assertThat(replay.getLong("payloads")).isEqualTo(rawRows);
        assertThat(PullHarness.outboxRows(pool, id, last)).isEqualTo(first);
    }

    // --- the connection test (issue 24) ---------------------------------------------------------------------------

    @Test
    void aConnectionTestWithTheRightKeyAndAKnownServicePasses() {
        JsonPath test = PullHarness.testConnection(pool, "OPSGENIE", baseUrl(), SERVICE, TOKEN);
        assertThat(test.getBoolean("ok")).as(test.prettify()).isTrue();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + SERVICE);
        assertThat(test.getList("checks.ok", Boolean.class)).containsOnly(true);
        assertThat(test.getString("checks[2].message")).isEqualTo("readable: TestService");
        assertThat(calls).containsExactly("/v1/incidents?limit=1", "/v1/services/" + SERVICE);
        assertThat(authorizations).allMatch(("GenieKey " + TOKEN)::equals);
    }

    @Test
    void aConnectionTestWithARefusedKeySaysWhatOpsgenieSaid() {
        JsonPath test = PullHarness.testConnection(pool, "OPSGENIE", baseUrl(), SERVICE, "revoked-key");
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, false, false);
        assertThat(test.getString("checks[1].message"))
                .isEqualTo("GET /v1/incidents answered 401 (the connector's token was refused: check it): Could not authenticate");
        assertThat(test.getString("checks[2].message")).isEqualTo("not checked: the credentials were refused");
        assertThat(calls).containsExactly("/v1/incidents");
    }

    @Test
    void aConnectionTestWithAnUnknownServiceNamesIt() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        JsonPath test = PullHarness.testConnection(pool, "OPSGENIE", baseUrl(), SERVICE + "," + unknown, TOKEN);
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + SERVICE, "selector " + unknown);
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, true, true, false);
        assertThat(test.getString("checks[3].message")).isEqualTo("GET /v1/services/" + unknown + " answered 404 (no such "
                + "repository, project or endpoint, or the token cannot see it: check the selector and baseUrl): Service with id ["
                + unknown + "] does not exist.");
    }
}
