package dev.flowlens.ingest.connector.jenkins;

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

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.PullHarness;
import dev.flowlens.ingest.connector.RecordingPullClock;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins pull against a local server that answers the JSON API of DevLake's recorded job
 * ({@code Test-jenkins-dir/test-jenkins-sub-dir/test-sub-sub-dir/devlake}, 13 builds, 3 of them still building) as
 * Jenkins does: {@code /job/a/job/b/.../api/json?tree=allBuilds[...]{from,to}}, newest first, exactly the range asked.
 * The first request is refused once with {@code 429 Retry-After: 5} (a proxy in front of Jenkins), the second answers
 * 502 once (retried).
 *
 * <p>The connection test's answers are written by the Flowlens team as Jenkins documents and sends them (no recording
 * exists): {@code GET /whoAmI/api/json} as {@code {"_class": "hudson.security.WhoAmI", "name", ...}}, a refused API
 * token as Jenkins's 401 HTML page (never echoed into a message), a job the user cannot read as a 404 page.
 */
@QuarkusTest
class JenkinsPullTest {

    static final String JOB = "Test-jenkins-dir/test-jenkins-sub-dir/test-sub-sub-dir/devlake";
    static final String TOKEN = "flowlens:jenkins-api-token-never-logged";
    static final String WEBHOOK_SECRET = "jenkins-webhook-secret-for-tests";
    static final String SETTINGS = "{\"deploymentJobs\":[{\"job\":\"Test-jenkins-dir/.*/devlake\",\"service\":\"lake\"},"
            + "{\"job\":\"payments/deploy-.*\",\"service\":\"checkout\",\"environment\":\"prod\"},{\"job\":\"asgard\"}]}";
    static final Pattern RANGE = Pattern.compile("^allBuilds\\[.*]\\{(\\d+),(\\d+)}$");

    @Inject
    Pool pool;

    HttpServer server;
    RecordingPullClock clock;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final Map<Long, ObjectNode> builds = new LinkedHashMap<>();
    volatile int refusals = 2;
    /** Every path asked, in order (the connection tests check theirs). */
    final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        DevLake.table("devlake/jenkins/raw_tables/_raw_jenkins_api_builds.csv").stream()
                .filter(r -> r.json("params").get("FullName").asText().equals(JOB))
                .forEach(r -> builds.put(r.data().get("number").asLong(), (ObjectNode) r.data()));
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
        String basic = "Basic " + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            calls.add(path);
            send(ex, 401, "<html><head><title>Error 401 Invalid password/token for user: flowlens</title></head><body>"
                    + "<h2>HTTP ERROR 401 Invalid password/token for user: flowlens</h2></body></html>", Map.of());
            return;
        }
        if (path.equals("/whoAmI/api/json")) {
            calls.add(path);
            send(ex, 200, "{\"_class\":\"hudson.security.WhoAmI\",\"anonymous\":false,\"authenticated\":true,"
                    + "\"authorities\":[\"authenticated\"],\"name\":\"flowlens\"}", Map.of());
            return;
        }
        calls.add(path);
        if (!ex.getRequestURI().getRawPath().equals(JenkinsClient.jobPath(JOB) + "/api/json")) {
            send(ex, 404, "<html><body>Not found</body></html>", Map.of());
            return;
        }
        Matcher range = RANGE.matcher(query(ex.getRequestURI().getRawQuery()).getOrDefault("tree", ""));
        if (!range.matches()) {
            send(ex, 400, "{\"message\":\"unexpected tree\"}", Map.of());
            return;
        }
        int from = Integer.parseInt(range.group(1));
        int to = Integer.parseInt(range.group(2));
        requests.add("{" + from + "," + to + "}");
        if (refusals == 2) {
            refusals--;
            send(ex, 429, "{\"message\":\"Too Many Requests\"}", Map.of("Retry-After", "5"));
            return;
        }
        if (refusals == 1) {
            refusals--;
            send(ex, 502, "<html>Bad Gateway</html>", Map.of());
            return;
        }
        List<ObjectNode> newestFirst = new ArrayList<>(builds.values());
        newestFirst.sort(Comparator.comparing((ObjectNode b) -> b.get("number").asLong()).reversed());
        ObjectNode body = RealData.JSON.createObjectNode().put("_class", "hudson.model.FreeStyleProject");
        newestFirst.subList(Math.min(from, newestFirst.size()), Math.min(to, newestFirst.size())).forEach(body.putArray("allBuilds")::add);
        send(ex, 200, body.toString(), Map.of());
    }

    String connector() {
        return PullHarness.saveConnector(serviceToken(), "{\"kind\":\"JENKINS\",\"name\":\"merico\",\"baseUrl\":\"" + baseUrl()
                + "\",\"selector\":\"" + JOB + "\",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"" + WEBHOOK_SECRET
                + "\",\"settings\":" + SETTINGS + "}");
    }

    Set<String> expectedIds(String id) throws IOException {
        JenkinsMapper mapper = new JenkinsMapper(ConnectorSettings.fromJson(id, ConnectorKind.JENKINS, "merico", baseUrl(), JOB,
                RealData.JSON.readTree(SETTINGS)));
        Set<String> ids = new TreeSet<>();
        builds.values().forEach(b -> mapper.restBuild(JOB, b).events().forEach(e -> ids.add(e.get("id").asText())));
        return ids;
    }

    @Test
    void aSyncWaitsRetriesStoresEveryBuildHoldsTheCursorAtARunningBuildAndPagesThroughNewOnes() throws IOException {
        String token = serviceToken();
        String id = connector();

        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        // one page of 20 holds the 13 builds: asked three times (429, then 502 retried, then answered)
        assertThat(requests).containsExactly("{0,20}", "{0,20}", "{0,20}");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
        assertThat(authorizations).allMatch(("Basic " + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))::equals);

        // 8 finished builds that deployed (7 SUCCESS, 1 UNSTABLE); running, ABORTED and NOT_BUILT ones are no deployment
        Set<String> expected = expectedIds(id);
        assertThat(expected).hasSize(8).contains("jenkins:127.0.0.1:" + JOB + "#11:success", "jenkins:127.0.0.1:" + JOB + "#10005:failure");
        assertThat(outbox(pool, id).keySet()).isEqualTo(expected);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'pull:jenkins'", id))
                .isEqualTo(13);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and (headers::text like $2 or body like $2)",
                id, "%jenkins-api-token%")).isZero();
        // held at the start of the oldest build still running (#27, #10001, #10002 started at 10:06:17.939)
        assertThat(cursor(pool, id, "builds:" + JOB)).isEqualTo("2022-04-15T10:06:17.939Z");
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.lastError", equalTo(null));

        // nothing changed: the second sync stores nothing
        requests.clear();
        var before = outbox(pool, id);
        JsonPath second = sync(id, token);
        assertThat(second.getInt("stored")).isZero();
        assertThat(requests).containsExactly("{0,20}");
        assertThat(outbox(pool, id)).isEqualTo(before);

        // #27 finished, and 25 new builds ran: two pages, the second reaching builds older than the cursor
        ObjectNode b27 = builds.get(27L).deepCopy();
        b27.put("building", false).put("duration", 5000);
        builds.put(27L, b27);
        for (long n = 100; n < 125; n++) {
            ObjectNode b = builds.get(11L).deepCopy();
            b.put("number", n).put("timestamp", Instant.parse("2022-05-01T00:00:00Z").plusSeconds(60 * n).toEpochMilli());
            builds.put(n, b);
        }
        requests.clear();
        JsonPath third = sync(id, token);
        assertThat(requests).containsExactly("{0,20}", "{20,40}");
        assertThat(third.getInt("stored")).isEqualTo(26);
        assertThat(outbox(pool, id).keySet()).isEqualTo(expectedIds(id)).contains("jenkins:127.0.0.1:" + JOB + "#27:success",
                "jenkins:127.0.0.1:" + JOB + "#124:success");
        // #10001 and #10002 still run: the cursor stays
        assertThat(cursor(pool, id, "builds:" + JOB)).isEqualTo("2022-04-15T10:06:17.939Z");
    }

    @Test
    void notificationsAreCheckedByTheSecretHeaderAndAReplayQueuesExactlyTheEventsTheyAndThePullQueued() {
        String token = serviceToken();
        String id = connector();
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        for (String f : List.of("completed-success.json", "started.json", "folder-job-completed-failure.json")) {
            byte[] body = RealData.json("jenkins-webhooks/notification-plugin/" + f).toString().getBytes(StandardCharsets.UTF_8);
            given().header("X-Flowlens-Token", WEBHOOK_SECRET).contentType("application/json").body(body)
                    .post("/webhooks/jenkins/" + id).then().statusCode(202);
        }
        byte[] body = RealData.json("jenkins-webhooks/notification-plugin/completed-success.json").toString().getBytes(StandardCharsets.UTF_8);
        given().header("X-Flowlens-Token", WEBHOOK_SECRET + "x").contentType("application/json").body(body)
                .post("/webhooks/jenkins/" + id).then().statusCode(401);
        given().contentType("application/json").body(body).post("/webhooks/jenkins/" + id).then().statusCode(401);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'webhook:jenkins'", id))
                .isEqualTo(3);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and headers::text like $2", id,
                "%" + WEBHOOK_SECRET + "%")).isZero();

        List<String> first = PullHarness.outboxRows(pool, id, 0);
        assertThat(first).anyMatch(r -> r.contains(" webhook:jenkins ") && r.contains("jenkins:127.0.0.1:payments/deploy-checkout#7:failure"))
                .anyMatch(r -> r.contains(" webhook:jenkins ") && r.contains("jenkins:127.0.0.1:asgard#18:success"))
                .anyMatch(r -> r.contains(" pull:jenkins ") && r.contains("deployment.finished"));
        PullHarness.assertReplayQueuesTheSameEvents(pool, token, id, first);
    }


    // --- the connection test (issue 24) ---------------------------------------------------------------------------

    @Test
    void aConnectionTestWithTheRightTokenAndAReadableJobPasses() {
        refusals = 0;
        JsonPath test = PullHarness.testConnection(pool, "JENKINS", baseUrl(), JOB, TOKEN);
        assertThat(test.getBoolean("ok")).as(test.prettify()).isTrue();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + JOB);
        assertThat(test.getList("checks.ok", Boolean.class)).containsOnly(true);
        assertThat(test.getString("checks[1].message")).isEqualTo("accepted for flowlens");
        assertThat(calls).containsExactly("/whoAmI/api/json", JenkinsClient.jobPath(JOB) + "/api/json");
        assertThat(requests).containsExactly("{0,1}");
    }

    @Test
    void aConnectionTestWithARefusedTokenSaysSoWithoutJenkinssPage() {
        refusals = 0;
        JsonPath test = PullHarness.testConnection(pool, "JENKINS", baseUrl(), JOB, "flowlens:revoked");
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, false, false);
        assertThat(test.getString("checks[1].message"))
                .isEqualTo("GET /whoAmI/api/json answered 401 (the connector's token was refused: check it)");
        assertThat(test.getString("checks[2].message")).isEqualTo("not checked: the credentials were refused");
        assertThat(calls).containsExactly("/whoAmI/api/json");
    }

    @Test
    void aConnectionTestWithAJobTheUserCannotReadNamesIt() {
        refusals = 0;
        JsonPath test = PullHarness.testConnection(pool, "JENKINS", baseUrl(), JOB + ", payments/deploy-prod", TOKEN);
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + JOB,
                "selector payments/deploy-prod");
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, true, true, false);
        assertThat(test.getString("checks[3].message")).isEqualTo("GET /job/payments/job/deploy-prod/api/json answered 404 (no such "
                + "repository, project or endpoint, or the token cannot see it: check the selector and baseUrl)");
    }
}
