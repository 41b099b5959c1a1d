package dev.flowlens.ingest.connector.pagerduty;

import static dev.flowlens.ingest.connector.PullHarness.count;
import static dev.flowlens.ingest.connector.PullHarness.cursor;
import static dev.flowlens.ingest.connector.PullHarness.outbox;
import static dev.flowlens.ingest.connector.PullHarness.query;
import static dev.flowlens.ingest.connector.PullHarness.send;
import static dev.flowlens.ingest.connector.PullHarness.serviceToken;
import static dev.flowlens.ingest.connector.PullHarness.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PagerDuty pull against a local server that answers {@code GET /incidents} with DevLake's three recorded
 * incidents of service PIKL83L (keon-test.pagerduty.com: one triggered, one acknowledged, one resolved), as PagerDuty
 * does: filtered by {@code service_ids[]} and by creation between {@code since} and {@code until}, sorted by
 * {@code created_at:asc}, paged by {@code offset}/{@code limit} (this server pages by 2) with {@code more}. The first
 * page spends the rate limit ({@code ratelimit-remaining: 0}, {@code ratelimit-reset: 4}) and the second is refused
 * once ({@code 429 Retry-After: 9}): both waits are recorded exactly.
 *
 * <p>The connection test's answers are written by the Flowlens team in the shapes PagerDuty's REST API reference
 * documents (no recording exists): {@code GET /abilities} as {@code {"abilities": [...]}}, {@code GET /services/{id}}
 * as {@code {"service": {...}}} (here the recorded incidents' service reference, its summary as the name), and its error object
 * {@code {"error": {"message", "code"}}}: "Unauthorized" (code 2006) for a refused key, "Not Found" (code 2100).
 */
@QuarkusTest
class PagerdutyPullTest {

    static final String SERVICE = "PIKL83L";
    static final String TOKEN = "u+pagerduty-test-token-never-logged";
    static final String WEBHOOK_SECRET = "pagerduty-webhook-secret-for-tests";
    static final int SERVER_PAGE = 2;

    @Inject
    Pool pool;

    HttpServer server;
    RecordingPullClock clock;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final Map<String, ObjectNode> incidents = new LinkedHashMap<>();
    volatile boolean limitsToShow = true;
    /** The connection tests' calls: their paths, in order. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        DevLake.table("devlake/pagerduty/raw_tables/_raw_pagerduty_incidents.csv")
                .forEach(r -> incidents.put(r.data().get("id").asText(), (ObjectNode) r.data()));
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
        String path = ex.getRequestURI().getRawPath();
        if (!("Token token=" + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            calls.add(path);
            send(ex, 401, "{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}", Map.of());
            return;
        }
        if (path.equals("/abilities") || path.startsWith("/services/")) {
            calls.add(path);
            if (!"application/vnd.pagerduty+json;version=2".equals(ex.getRequestHeaders().getFirst("Accept"))) {
                send(ex, 400, "{\"error\":{\"message\":\"Invalid Input Provided\",\"code\":2001}}", Map.of());
            } else if (path.equals("/abilities")) {
                send(ex, 200, "{\"abilities\":[\"teams\",\"read_only_users\",\"service_support_hours\",\"urgencies\"]}", Map.of());
            } else if (path.equals("/services/" + SERVICE)) {
                // the service as GET /services/{id} shows it: the recorded reference, with its summary as the name
                ObjectNode service = incidents.values().iterator().next().get("service").deepCopy();
                service.put("type", "service").put("name", service.get("summary").asText());
                send(ex, 200, "{\"service\":" + service + "}", Map.of());
            } else {
                send(ex, 404, "{\"error\":{\"message\":\"Not Found\",\"code\":2100}}", Map.of());
            }
            return;
        }
        if (!path.equals("/incidents")) {
            send(ex, 404, "{\"error\":{\"message\":\"Not Found\",\"code\":2100}}", Map.of());
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        if (!"application/vnd.pagerduty+json;version=2".equals(ex.getRequestHeaders().getFirst("Accept"))
                || !"created_at:asc".equals(q.get("sort_by")) || !q.containsKey("since") || !q.containsKey("until")) {
            send(ex, 400, "{\"error\":{\"message\":\"Invalid Input Provided\",\"code\":2001,\"errors\":[\"unexpected request " + q + "\"]}}",
                    Map.of());
            return;
        }
        Instant since = Instant.parse(q.get("since"));
        Instant until = Instant.parse(q.get("until"));
        assertThat(Duration.between(since, until)).isLessThanOrEqualTo(Duration.ofDays(180));
        int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        List<ObjectNode> all = incidents.values().stream()
                .filter(i -> i.at("/service/id").asText().equals(q.get("service_ids[]")))
                .filter(i -> !created(i).isBefore(since) && created(i).isBefore(until))
                .sorted(Comparator.comparing(PagerdutyPullTest::created)).toList();
        if (!all.isEmpty()) {
            requests.add(q.get("service_ids[]") + "@" + since + "+" + offset);
        }
        if (!all.isEmpty() && offset == SERVER_PAGE && limitsToShow) {
            limitsToShow = false;
            send(ex, 429, "{\"error\":{\"message\":\"Rate Limit Exceeded\",\"code\":2020}}", Map.of("Retry-After", "9"));
            return;
        }
        int size = Math.min(SERVER_PAGE, Integer.parseInt(q.getOrDefault("limit", "25")));
        int to = Math.min(all.size(), offset + size);
        ObjectNode body = RealData.JSON.createObjectNode();
        ArrayNode list = body.putArray("incidents");
        all.subList(Math.min(offset, all.size()), to).forEach(list::add);
        body.put("limit", size).put("offset", offset).put("more", to < all.size()).putNull("total");
        send(ex, 200, body.toString(), !all.isEmpty() && offset == 0 && limitsToShow
                ? Map.of("ratelimit-limit", "960", "ratelimit-remaining", "0", "ratelimit-reset", "4") : Map.of());
    }

    static Instant created(JsonNode incident) {
        return ToolTime.parse(incident.get("created_at").asText());
    }

    String connector() {
        return PullHarness.saveConnector(serviceToken(), "{\"kind\":\"PAGERDUTY\",\"name\":\"keon-test\",\"baseUrl\":\"" + baseUrl()
                + "\",\"selector\":\"" + SERVICE + "\",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"" + WEBHOOK_SECRET
                + "\",\"settings\":{\"serviceNames\":{\"DevService\":\"checkout\"}}}");
    }

    Set<String> expectedIds(String id) throws IOException {
        PagerdutyMapper mapper = new PagerdutyMapper(ConnectorSettings.fromJson(id, ConnectorKind.PAGERDUTY, "keon-test", baseUrl(),
                SERVICE, RealData.JSON.readTree("{\"serviceNames\":{\"DevService\":\"checkout\"}}")));
        Set<String> ids = new TreeSet<>();
        incidents.values().forEach(i -> mapper.restIncident(i).events().forEach(e -> ids.add(e.get("id").asText())));
        return ids;
    }

    @Test
    void aSyncPagesWaitsAsToldHoldsTheCursorAtTheOldestOpenIncidentAndReadsItsResolutionLater() throws IOException {
        String token = serviceToken();
        String id = connector();

        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        // the window holding the recorded incidents: two pages by offset, the second refused once and asked again
        assertThat(requests).hasSize(3).allMatch(r -> r.startsWith(SERVICE + "@"));
        assertThat(requests.stream().map(r -> r.substring(r.indexOf('+')))).containsExactly("+0", "+2", "+2");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(9));
        assertThat(authorizations).allMatch(("Token token=" + TOKEN)::equals);

        Set<String> expected = expectedIds(id);
        assertThat(expected).containsExactlyInAnyOrder(
                "pagerduty:127.0.0.1:Q3YON8WNWTZMRQ:opened", "pagerduty:127.0.0.1:Q3CZAU7Q4008QD:opened",
                "pagerduty:127.0.0.1:Q1OHFWFP3GPXOG:opened", "pagerduty:127.0.0.1:Q1OHFWFP3GPXOG:resolved:2022-11-03T06:51:44Z");
        assertThat(outbox(pool, id).keySet()).isEqualTo(expected);
        assertThat(outbox(pool, id).get("pagerduty:127.0.0.1:Q1OHFWFP3GPXOG:opened").first()).contains("\"service\":\"checkout\"");
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'pull:pagerduty'", id))
                .isEqualTo(3);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and (headers::text like $2 or body like $2)",
                id, "%pagerduty-test-token%")).isZero();
        assertThat(run.getInt("stored")).isEqualTo(3);
        assertThat(run.getInt("events")).isEqualTo(4);
        // held at the oldest incident not resolved (#4, triggered), so its resolution is read later
        assertThat(cursor(pool, id, "incidents:" + SERVICE)).isEqualTo("2022-11-03T06:23:06Z");
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.lastError", equalTo(null));

        // the second sync reads from the cursor: the same three versions come again, nothing is stored
        requests.clear();
        var before = outbox(pool, id);
        JsonPath second = sync(id, token);
        assertThat(second.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(second.getInt("stored")).isZero();
        assertThat(requests).first().asString().startsWith(SERVICE + "@2022-11-03T06:23:06Z+0");
        assertThat(outbox(pool, id)).isEqualTo(before);

        // #4 is resolved since: the third sync stores its new version and its resolution, and the cursor moves on to #5
        ObjectNode four = incidents.get("Q3YON8WNWTZMRQ").deepCopy();
        four.put("status", "resolved").put("last_status_change_at", "2022-11-03T08:00:00.000000Z").put("resolved_at", "2022-11-03T08:00:00Z");
        incidents.put("Q3YON8WNWTZMRQ", four);
        JsonPath third = sync(id, token);
        assertThat(third.getInt("stored")).isEqualTo(1);
        assertThat(outbox(pool, id).keySet()).contains("pagerduty:127.0.0.1:Q3YON8WNWTZMRQ:resolved:2022-11-03T08:00:00Z");
        assertThat(cursor(pool, id, "incidents:" + SERVICE)).isEqualTo("2022-11-03T06:44:28Z");
    }

    @Test
    void webhooksAreVerifiedStoredOnceAndAReplayQueuesExactlyTheEventsTheyAndThePullQueued() {
        String token = serviceToken();
        String id = connector();
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        int n = 0;
        for (String f : List.of("incident.triggered.json", "incident.acknowledged.json", "incident.resolved.json", "pagey.ping.json")) {
            byte[] body = RealData.json("pagerduty-webhooks/developer-docs/" + f).toString().getBytes(StandardCharsets.UTF_8);
            given().header("X-PagerDuty-Signature", PagerdutySignature.sign("an-old-secret", body) + ","
                            + PagerdutySignature.sign(WEBHOOK_SECRET, body))
                    .header("X-Webhook-Id", "delivery-" + (++n)).contentType("application/json").body(body)
                    .post("/webhooks/pagerduty/" + id).then().statusCode(202);
        }
        byte[] resolved = RealData.json("pagerduty-webhooks/developer-docs/incident.resolved.json").toString().getBytes(StandardCharsets.UTF_8);
        // a redelivery is stored once; a wrong or missing signature stores nothing
        given().header("X-PagerDuty-Signature", PagerdutySignature.sign(WEBHOOK_SECRET, resolved)).header("X-Webhook-Id", "delivery-3")
                .contentType("application/json").body(resolved).post("/webhooks/pagerduty/" + id).then().statusCode(202)
                .body("duplicate", equalTo(true));
        given().header("X-PagerDuty-Signature", PagerdutySignature.sign("wrong", resolved)).header("X-Webhook-Id", "delivery-9")
                .contentType("application/json").body(resolved).post("/webhooks/pagerduty/" + id).then().statusCode(401);
        given().header("X-Webhook-Id", "delivery-10").contentType("application/json").body(resolved)
                .post("/webhooks/pagerduty/" + id).then().statusCode(401);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'webhook:pagerduty'", id))
                .isEqualTo(4);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and headers::text ilike $2", id,
                "%x-pagerduty-signature%")).isZero();

        List<String> first = PullHarness.outboxRows(pool, id, 0);
        assertThat(first).anyMatch(r -> r.contains(" webhook:pagerduty ") && r.contains("pagerduty:127.0.0.1:PGR0VU2:resolved:2020-10-02T18:45:22.169Z"))
                .anyMatch(r -> r.contains(" pull:pagerduty ") && r.contains("incident.resolved"));
        PullHarness.assertReplayQueuesTheSameEvents(pool, token, id, first);
    }

    // --- the connection test (issue 24) ---------------------------------------------------------------------------

    @Test
    void aConnectionTestWithTheRightKeyAndAVisibleServicePasses() {
        JsonPath test = PullHarness.testConnection(pool, "PAGERDUTY", baseUrl(), SERVICE, TOKEN);
        assertThat(test.getBoolean("ok")).as(test.prettify()).isTrue();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + SERVICE);
        assertThat(test.getList("checks.ok", Boolean.class)).containsOnly(true);
        // the service's name as PagerDuty answers it (the recorded incidents' service reference)
        assertThat(test.getString("checks[2].message"))
                .isEqualTo("readable: " + incidents.values().iterator().next().at("/service/summary").asText());
        assertThat(calls).containsExactly("/abilities", "/services/" + SERVICE);
        assertThat(authorizations).allMatch(("Token token=" + TOKEN)::equals);
    }

    @Test
    void aConnectionTestWithARefusedKeySaysWhatPagerdutySaid() {
        JsonPath test = PullHarness.testConnection(pool, "PAGERDUTY", baseUrl(), SERVICE, "u+revoked");
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, false, false);
        assertThat(test.getString("checks[1].message"))
                .isEqualTo("GET /abilities answered 401 (the connector's token was refused: check it): Unauthorized");
        assertThat(test.getString("checks[2].message")).isEqualTo("not checked: the credentials were refused");
        assertThat(calls).containsExactly("/abilities");
    }

    @Test
    void aConnectionTestWithAServiceTheKeyCannotSeeNamesIt() {
        JsonPath test = PullHarness.testConnection(pool, "PAGERDUTY", baseUrl(), "PHIDDEN, " + SERVICE, TOKEN);
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector PHIDDEN", "selector " + SERVICE);
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, true, false, true);
        assertThat(test.getString("checks[2].message")).isEqualTo("GET /services/PHIDDEN answered 404 (no such repository, project "
                + "or endpoint, or the token cannot see it: check the selector and baseUrl): Not Found");
    }
}
