package dev.flowlens.ingest.connector.github;

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
import dev.flowlens.ingest.connector.DevlakeCsv;
import dev.flowlens.ingest.connector.HmacSha256;
import dev.flowlens.ingest.connector.PullClock;
import dev.flowlens.ingest.connector.PullHarness;
import dev.flowlens.ingest.connector.RealData;
import dev.flowlens.ingest.connector.RecordingPullClock;
import dev.flowlens.ingest.connector.ToolTime;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
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
 * The GitHub pull against a local server that replays DevLake's recorded REST responses of
 * panjf2000/ants (issues, pull requests, their commits) and octokit's real deployment and
 * deployment status objects, with GitHub's paging ({@code Link: rel="next"}), a primary rate limit
 * (403, {@code X-RateLimit-Remaining: 0}, reset 42 s ahead of the pull's clock, which records the
 * wait instead of sitting it out) and a transient 502.
 */
@QuarkusTest
class GithubPullTest {

    static final String REPO = "panjf2000/ants";
    static final String TOKEN = "ghp-test-token-never-logged";

    @Inject
    Pool pool;

    HttpServer server;
    RecordingPullClock clock;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    volatile boolean rateLimitIssuesPage2 = true;
    volatile boolean fail502OnFirstPulls = true;
    final Map<Long, ObjectNode> issues = new LinkedHashMap<>();
    final Map<Long, JsonNode> pulls = new LinkedHashMap<>();
    final Map<Long, List<JsonNode>> commits = new LinkedHashMap<>();
    JsonNode deployment;
    JsonNode deploymentStatus;

    @BeforeEach
    void startServer() throws IOException {
        // DevLake recorded the same repository through two connections: keep each object once
        DevlakeCsv.read("devlake/github/raw_tables/_raw_github_api_issues.csv")
                .forEach(r -> issues.putIfAbsent(r.data().get("number").asLong(), (ObjectNode) r.data()));
        DevlakeCsv.read("devlake/github/raw_tables/_raw_github_api_pull_requests.csv")
                .forEach(r -> pulls.putIfAbsent(r.data().get("number").asLong(), r.data()));
        Set<String> seen = new HashSet<>();
        DevlakeCsv.read("devlake/github/raw_tables/_raw_github_api_pull_request_commits.csv").forEach(r -> {
            long n = r.input().get("Number").asLong();
            if (seen.add(n + ":" + r.data().get("sha").asText())) {
                commits.computeIfAbsent(n, k -> new ArrayList<>()).add(r.data());
            }
        });
        JsonNode example = RealData.json("github-webhooks/octokit-payload-examples/deployment_status/payload.json");
        deployment = example.get("deployment");
        deploymentStatus = example.get("deployment_status");

        clock = new RecordingPullClock(Instant.parse("2026-03-01T08:00:00Z"));
        QuarkusMock.installMockForType(clock, PullClock.class);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String call = path.replace("/api/v3/repos/" + REPO, "") + (q.containsKey("page") ? "?page=" + q.get("page") : "");
        requests.add(call);
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        if (failing) {
            send(ex, 500, "{\"message\":\"Server Error\"}", Map.of());
            return;
        }
        int perPage = Integer.parseInt(q.getOrDefault("per_page", "30"));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        List<JsonNode> all;
        Matcher commitsPath = Pattern.compile("/pulls/(\\d+)/commits").matcher(call);
        if (call.startsWith("/issues")) {
            if (page == 2 && rateLimitIssuesPage2) {
                rateLimitIssuesPage2 = false;
                String reset = String.valueOf(clock.now().plusSeconds(42).getEpochSecond());
                send(ex, 403, "{\"message\":\"API rate limit exceeded\"}", Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset));
                return;
            }
            Instant since = Instant.parse(q.get("since"));
            all = issues.values().stream().filter(i -> !ToolTime.parse(i.get("updated_at").asText()).isBefore(since))
                    .sorted(Comparator.comparing(i -> ToolTime.parse(i.get("updated_at").asText()))).map(i -> (JsonNode) i).toList();
        } else if (call.startsWith("/pulls") && commitsPath.lookingAt()) {
            all = commits.getOrDefault(Long.parseLong(commitsPath.group(1)), List.of());
        } else if (call.startsWith("/pulls")) {
            if (fail502OnFirstPulls) {
                fail502OnFirstPulls = false;
                send(ex, 502, "<html>Bad Gateway</html>", Map.of());
                return;
            }
            all = pulls.values().stream().sorted(Comparator.comparing((JsonNode p) -> ToolTime.parse(p.get("updated_at").asText())).reversed())
                    .toList();
        } else if (call.startsWith("/deployments/" + deployment.get("id").asText() + "/statuses")) {
            all = List.of(deploymentStatus);
        } else if (call.startsWith("/deployments")) {
            all = List.of(deployment);
        } else {
            send(ex, 404, "{\"message\":\"Not Found\"}", Map.of());
            return;
        }
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode body = RealData.JSON.createArrayNode();
        all.subList(from, to).forEach(body::add);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Remaining", "4999");
        if (to < all.size()) {
            // GitHub's next links name the repository by id, and keep every other parameter
            Map<String, String> next = new LinkedHashMap<>(q);
            next.put("page", String.valueOf(page + 1));
            StringBuilder link = new StringBuilder(baseUrl() + path.replace("/repos/" + REPO, "/repositories/100001") + "?");
            next.forEach((k, v) -> link.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            headers.put("Link", "<" + link.substring(0, link.length() - 1) + ">; rel=\"next\", <" + baseUrl() + "/x?page=99>; rel=\"last\"");
        }
        send(ex, 200, body.toString(), headers);
    }

    // --- helpers over the service ---

    String connector() {
        return given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"kind\":\"GITHUB\",\"name\":\"ants\",\"baseUrl\":\"" + baseUrl() + "\",\"selector\":\"" + REPO + "\",\"token\":\"" + TOKEN + "\"}")
                .put("/internal/v1/connectors").then().statusCode(200).extract().path("id");
    }

    Set<String> outboxIds(String connectorId) {
        Set<String> ids = new TreeSet<>();
        pool.preparedQuery("select o.event_id from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id where r.connector_id = $1")
                .execute(Tuple.of(connectorId)).await().indefinitely().forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    long count(String sql, Object... args) {
        return PullHarness.count(pool, sql, args);
    }

    String cursor(String id, String resource) {
        return PullHarness.cursor(pool, id, resource);
    }

    /** What the recorded objects map to, computed with the same mapper: the sync must deliver exactly these. */
    Set<String> expectedIds(String id) {
        GithubMapper mapper = new GithubMapper(ConnectorSettings.defaults(id, ConnectorKind.GITHUB, "ants", baseUrl(), REPO));
        Set<String> ids = new TreeSet<>();
        issues.values().forEach(i -> mapper.issue(REPO, i).events().forEach(e -> ids.add(e.get("id").asText())));
        pulls.values().forEach(p -> mapper.pullRequest(REPO, p, null).events().forEach(e -> ids.add(e.get("id").asText())));
        ids.add("github:" + REPO + ":deployment-status:" + deploymentStatus.get("id").asText());
        return ids;
    }

    @Test
    void aSyncPagesWaitsRetriesStoresEverythingAndTheNextOneFetchesOnlyWhatChanged() {
        String token = serviceToken();
        String id = connector();

        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");

        // every recorded object's events, exactly
        Set<String> expected = expectedIds(id);
        assertThat(outboxIds(id)).isEqualTo(expected);
        assertThat(expected).hasSize(EXPECTED_EVENTS);
        // pull requests merged with commits recorded carry their first commit time (from /pulls/{n}/commits)
        assertThat(count("""
                select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.event_type = 'change.merged' and o.payload like '%firstCommitAt%'""", id))
                .isPositive();
        // raw rows: one per issue (pull requests in the issue list are read from /pulls), pull request and deployment
        long issueCount = issues.values().stream().filter(i -> !i.hasNonNull("pull_request")).count();
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'pull:github'", id))
                .isEqualTo(issueCount + pulls.size() + 1);
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1 and headers ? 'x-flowlens-resource-url'", id))
                .isEqualTo(issueCount + pulls.size() + 1);
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1 and (headers::text like $2 or body like $2)",
                id, "%" + TOKEN + "%")).isZero();

        // the waits: issues page 2 was refused (403 rate limit) and asked again after the reset
        // (42 s, plus the second GitHub's docs advise); the first /pulls answered 502 and was retried
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(43));
        int limited = requests.indexOf("/issues?page=2");
        assertThat(requests.subList(0, limited + 2)).containsExactly("/issues", "/issues?page=2", "/issues?page=2");
        int pullsAt = requests.indexOf("/pulls");
        assertThat(requests.get(pullsAt + 1)).isEqualTo("/pulls");
        assertThat(requests.stream().filter("/pulls"::equals).count()).isEqualTo(2);
        assertThat(authorizations).allMatch(("Bearer " + TOKEN)::equals);

        // the cursors: issues at the newest update listed, pulls at the newest pull request
        assertThat(cursor(id, "issues:" + REPO)).isEqualTo("2019-10-17T03:12:19Z");
        Instant newestPull = pulls.values().stream().map(p -> ToolTime.parse(p.get("updated_at").asText())).max(Comparator.naturalOrder()).orElseThrow();
        assertThat(cursor(id, "pulls:" + REPO)).isEqualTo(newestPull.toString());
        assertThat(run.getInt("stored")).isEqualTo((int) (issueCount + pulls.size() + 1));
        assertThat(run.getInt("events")).isEqualTo(expected.size());
        assertThat(run.getString("progress.'issues:panjf2000/ants'.cursor")).isEqualTo("2019-10-17T03:12:19Z");
        assertThat(run.getInt("progress.'issues:panjf2000/ants'.pages")).isEqualTo(3);
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.lastError", equalTo(null));

        // a second sync asks since the cursor; only the boundary objects come back, and nothing is stored twice
        requests.clear();
        long outboxBefore = count("select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id where r.connector_id = $1", id);
        JsonPath second = sync(id, token);
        assertThat(second.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(second.getInt("stored")).isZero();
        assertThat(second.getInt("events")).isZero();
        assertThat(requests).contains("/issues").doesNotContain("/issues?page=2");
        assertThat(count("select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id where r.connector_id = $1", id))
                .isEqualTo(outboxBefore);

        // an issue closed since: the third sync stores it, and only it
        long n = issues.values().stream().filter(i -> !i.hasNonNull("pull_request")).findFirst().orElseThrow().get("number").asLong();
        ObjectNode changed = issues.get(n).deepCopy();
        changed.put("state", "closed").put("updated_at", "2023-05-02T10:00:00Z").put("closed_at", "2023-05-02T10:00:00Z");
        issues.put(n, changed);
        JsonPath third = sync(id, token);
        assertThat(third.getInt("stored")).isEqualTo(1);
        assertThat(outboxIds(id)).contains("github:" + REPO + "#" + n + ":upserted:2023-05-02T10:00:00Z",
                "github:" + REPO + "#" + n + ":closed:2023-05-02T10:00:00Z");
        assertThat(cursor(id, "issues:" + REPO)).isEqualTo("2023-05-02T10:00:00Z");

        // a server that keeps failing: the run fails, says why, and keeps the cursors
        failing = true;
        JsonPath failed = sync(id, token);
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getString("error")).contains("GET /repos/panjf2000/ants/issues answered 500");
        given().auth().oauth2(token).get("/internal/v1/connectors").then()
                .body("find { it.id == '" + id + "' }.lastError", equalTo(failed.getString("error")));
        assertThat(cursor(id, "issues:" + REPO)).isEqualTo("2023-05-02T10:00:00Z");
        // 1 request + 2 retries (test config), then the sync stops
        assertThat(requests.stream().filter(r -> r.equals("/issues")).count()).isGreaterThanOrEqualTo(3);

        // back up: the next sync resumes from the cursor and clears the error
        failing = false;
        requests.clear();
        JsonPath resumed = sync(id, token);
        assertThat(resumed.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(resumed.getInt("stored")).isZero();
        given().auth().oauth2(token).get("/internal/v1/connectors").then()
                .body("find { it.id == '" + id + "' }.lastError", equalTo(null));
    }

    @Test
    void aReplayOfPulledAndWebhookRowsQueuesExactlyTheEventsTheyQueuedTheFirstTime() {
        String token = serviceToken();
        String secret = "github-webhook-secret-for-tests";
        String id = PullHarness.saveConnector(token, "{\"kind\":\"GITHUB\",\"name\":\"ants\",\"baseUrl\":\"" + baseUrl()
                + "\",\"selector\":\"" + REPO + "\",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"" + secret + "\"}");
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        int n = 0;
        for (String f : List.of("issues/opened.payload.json", "issues/reopened.payload.json", "pull_request/closed.payload.json",
                "deployment_status/payload.json", "push/payload.json")) {
            byte[] body = RealData.json("github-webhooks/octokit-payload-examples/" + f).toString().getBytes(StandardCharsets.UTF_8);
            given().header("X-GitHub-Event", f.substring(0, f.indexOf('/'))).header("X-GitHub-Delivery", "replay-" + (++n))
                    .header("X-Hub-Signature-256", HmacSha256.sign(secret, body)).contentType("application/json").body(body)
                    .post("/webhooks/github/" + id).then().statusCode(202);
        }
        List<String> first = PullHarness.outboxRows(pool, id, 0);
        assertThat(first).anyMatch(r -> r.contains(" webhook:github ")).anyMatch(r -> r.contains(" pull:github ") && r.contains("firstCommitAt"))
                .anyMatch(r -> r.contains(" pull:github ") && r.contains("deployment.finished"));
        long rawRows = count("select count(*) from ingest.raw_payload where connector_id = $1", id);
        long last = PullHarness.lastOutboxId(pool);

        JsonPath replay = PullHarness.replay(token, id);

        assertThat(replay.getLong("payloads")).isEqualTo(rawRows);
        assertThat(replay.getLong("events")).isEqualTo(first.size());
        assertThat(PullHarness.outboxRows(pool, id, last)).isEqualTo(first);
        // every replayed event carries a higher mapping revision than any first one, so it replaces it downstream
        List<Long> before = PullHarness.revisions(pool, id, 0, last);
        assertThat(before).hasSize(first.size()).allMatch(r -> r > 0);
        assertThat(PullHarness.revisions(pool, id, last, Long.MAX_VALUE)).hasSize(first.size())
                .allMatch(r -> r > before.get(before.size() - 1));
    }

    /** Pinned from the recordings: the events of the distinct issues and pull requests of panjf2000/ants DevLake recorded, plus one production deployment status. */
    static final int EXPECTED_EVENTS = 128;

    @Test
    void anUnknownConnectorIs404AndAConnectorWithoutTokenFailsSayingSo() {
        String token = serviceToken();
        given().auth().oauth2(token).post("/internal/v1/connectors/nope/sync").then().statusCode(404);
        String id = given().auth().oauth2(token).contentType("application/json")
                .body("{\"kind\":\"GITHUB\",\"name\":\"no token\",\"baseUrl\":\"" + baseUrl() + "\",\"selector\":\"" + REPO + "\"}")
                .put("/internal/v1/connectors").then().statusCode(200).extract().path("id");
        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("has no API token");
        assertThat(requests).isEmpty();
    }
}
