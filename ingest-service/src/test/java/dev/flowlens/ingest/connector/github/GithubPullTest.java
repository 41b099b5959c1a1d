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
import dev.flowlens.ingest.connector.PullHarness;
import dev.flowlens.ingest.connector.RecordingPullClock;
import dev.flowlens.ingest.connector.ToolTime;
import dev.flowlens.ingest.connector.webhook.HmacSha256;
import dev.flowlens.testsupport.DevLake;
import dev.flowlens.testsupport.RealData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
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
 * panjf2000/ants (issues, pull requests, their commits, workflow runs) and octokit's real deployment
 * and deployment status objects, with GitHub's paging ({@code Link: rel="next"}), a primary rate
 * limit (403, {@code X-RateLimit-Remaining: 0}, reset 42 s ahead of the pull's clock, which records
 * the wait instead of sitting it out) and a transient 502. The workflow runs are answered as
 * {@code GET /actions/runs} does: wrapped in {@code {"total_count", "workflow_runs"}}, newest
 * created first, filtered by {@code created}, and cut short after {@link #RUNS_CAP} runs per
 * filtered listing (GitHub's cap is 1,000) while {@code total_count} tells the full count.
 *
 * <p>The connection test's answers: {@code GET /user} as the recorded issues' author, a refused token as GitHub answers
 * it (401 {@code {"message": "Bad credentials", "documentation_url": ...}}, GitHub's REST documentation), a repository
 * the token cannot see as GitHub's 404 {@code {"message": "Not Found"}}.
 */
@QuarkusTest
class GithubPullTest {

    static final String REPO = "panjf2000/ants";
    static final String TOKEN = "ghp-test-token-never-logged";
    /** This connector's deployment workflow: CodeQL's runs on master stand in for a deploy workflow (ants has none). */
    static final String SETTINGS = "{\"deploymentWorkflows\":[{\"workflow\":\"codeql\\\\.yml\",\"branch\":\"master\"}]}";
    /** GitHub answers at most 1,000 runs per filtered listing; this server at most 25 (of 35 recorded). */
    static final int RUNS_CAP = 25;

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
    final Map<Long, List<JsonNode>> reviews = new LinkedHashMap<>();
    final Map<Long, ObjectNode> runs = new LinkedHashMap<>();
    JsonNode deployment;
    JsonNode deploymentStatus;

    @BeforeEach
    void startServer() throws IOException {
        // DevLake recorded the same repository through two connections: keep each object once
        DevLake.table("devlake/github/raw_tables/_raw_github_api_issues.csv")
                .forEach(r -> issues.putIfAbsent(r.data().get("number").asLong(), (ObjectNode) r.data()));
        DevLake.table("devlake/github/raw_tables/_raw_github_api_pull_requests.csv")
                .forEach(r -> pulls.putIfAbsent(r.data().get("number").asLong(), r.data()));
        Set<String> seen = new HashSet<>();
        DevLake.table("devlake/github/raw_tables/_raw_github_api_pull_request_commits.csv").forEach(r -> {
            long n = r.input().get("Number").asLong();
            if (seen.add(n + ":" + r.data().get("sha").asText())) {
                commits.computeIfAbsent(n, k -> new ArrayList<>()).add(r.data());
            }
        });
        Set<Long> seenReviews = new HashSet<>();
        DevLake.table("devlake/github/raw_tables/_raw_github_api_pull_request_reviews.csv").forEach(r -> {
            if (seenReviews.add(r.data().get("id").asLong())) {
                reviews.computeIfAbsent(r.input().get("Number").asLong(), k -> new ArrayList<>()).add(r.data());
            }
        });
        DevLake.table("devlake/github/raw_tables/_raw_github_api_runs.csv")
                .forEach(r -> runs.putIfAbsent(r.data().get("id").asLong(), (ObjectNode) r.data()));
        JsonNode example = RealData.json("github-webhooks/octokit-payload-examples/deployment_status/payload.json");
        deployment = example.get("deployment");
        deploymentStatus = example.get("deployment_status");

        clock = PullHarness.installClock(Instant.parse("2026-03-01T08:00:00Z"));
        server = PullHarness.toolServer(this::handle);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String baseUrl() {
        return PullHarness.baseUrl(server);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String call = path.replace("/api/v3/repos/" + REPO, "") + (q.containsKey("page") ? "?page=" + q.get("page") : "");
        requests.add(call + (call.startsWith("/actions/runs") ? " created=" + q.get("created") : ""));
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            // GitHub's answer to a revoked or mistyped token
            send(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}",
                    Map.of());
            return;
        }
        if (path.equals("/api/v3/user")) {
            send(ex, 200, user().toString(), Map.of());
            return;
        }
        if (failing) {
            send(ex, 500, "{\"message\":\"Server Error\"}", Map.of());
            return;
        }
        int perPage = Integer.parseInt(q.getOrDefault("per_page", "30"));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        List<JsonNode> all;
        Matcher commitsPath = Pattern.compile("/pulls/(\\d+)/commits").matcher(call);
        Matcher reviewsPath = Pattern.compile("/pulls/(\\d+)/reviews").matcher(call);
        if (call.startsWith("/issues")) {
            if (page == 2 && rateLimitIssuesPage2) {
                rateLimitIssuesPage2 = false;
                String reset = String.valueOf(clock.now().plusSeconds(42).getEpochSecond());
                send(ex, 403, "{\"message\":\"API rate limit exceeded\"}", Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset));
                return;
            }
            Instant since = q.containsKey("since") ? Instant.parse(q.get("since")) : Instant.EPOCH;
            all = issues.values().stream().filter(i -> !ToolTime.parse(i.get("updated_at").asText()).isBefore(since))
                    .sorted(Comparator.comparing(i -> ToolTime.parse(i.get("updated_at").asText()))).map(i -> (JsonNode) i).toList();
        } else if (call.startsWith("/pulls") && reviewsPath.lookingAt()) {
            all = reviews.getOrDefault(Long.parseLong(reviewsPath.group(1)), List.of());
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
        } else if (call.startsWith("/actions/runs")) {
            runsPage(ex, path, q, perPage, page);
            return;
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

    /** {@code GET /actions/runs}: {@code created} is {@code >=<time>} or {@code <from>..<to>} (both ends inclusive). */
    private void runsPage(HttpExchange ex, String path, Map<String, String> q, int perPage, int page) throws IOException {
        String created = q.getOrDefault("created", "");
        Instant from;
        Instant to = null;
        if (created.startsWith(">=")) {
            from = Instant.parse(created.substring(2));
        } else if (created.contains("..")) {
            from = Instant.parse(created.substring(0, created.indexOf("..")));
            to = Instant.parse(created.substring(created.indexOf("..") + 2));
        } else {
            send(ex, 422, "{\"message\":\"this server only answers a created filter\"}", Map.of());
            return;
        }
        Instant until = to;
        List<JsonNode> all = runs.values().stream().filter(r -> {
            Instant c = Instant.parse(r.get("created_at").asText());
            return !c.isBefore(from) && (until == null || !c.isAfter(until));
        }).map(r -> (JsonNode) r).sorted(Comparator.comparing((JsonNode r) -> r.get("created_at").asText()).thenComparing(r -> r.get("id").asLong()).reversed())
                .toList();
        int reachable = Math.min(all.size(), RUNS_CAP);
        int start = Math.min(reachable, (page - 1) * perPage);
        int end = Math.min(reachable, start + perPage);
        ObjectNode body = RealData.JSON.createObjectNode();
        body.put("total_count", all.size());
        all.subList(start, end).forEach(body.putArray("workflow_runs")::add);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Remaining", "4998");
        if (end < reachable) {
            Map<String, String> next = new LinkedHashMap<>(q);
            next.put("page", String.valueOf(page + 1));
            StringBuilder link = new StringBuilder(baseUrl() + path.replace("/repos/" + REPO, "/repositories/100001") + "?");
            next.forEach((k, v) -> link.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            headers.put("Link", "<" + link.substring(0, link.length() - 1) + ">; rel=\"next\"");
        }
        send(ex, 200, body.toString(), headers);
    }

    // --- helpers over the service ---

    String connector() {
        return given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"kind\":\"GITHUB\",\"name\":\"ants\",\"baseUrl\":\"" + baseUrl() + "\",\"selector\":\"" + REPO + "\",\"token\":\"" + TOKEN
                        + "\",\"settings\":" + SETTINGS + "}")
                .put("/internal/v1/connectors").then().statusCode(200).extract().path("id");
    }

    Set<String> outboxIds(String connectorId) {
        Set<String> ids = new TreeSet<>();
        pool.preparedQuery("select o.event_id from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id where r.connector_id = $1")
                .execute(Tuple.of(connectorId)).await().indefinitely().forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    /** The deployment.finished events queued for a connector, by event id. */
    Map<String, JsonNode> deploymentEvents(String connectorId) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        pool.preparedQuery("""
                select o.payload from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.event_type = 'deployment.finished'""").execute(Tuple.of(connectorId)).await().indefinitely()
                .forEach(r -> {
                    try {
                        JsonNode e = RealData.JSON.readTree(r.getString(0));
                        out.put(e.get("id").asText(), e);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return out;
    }

    long count(String sql, Object... args) {
        return PullHarness.count(pool, sql, args);
    }

    String cursor(String id, String resource) {
        return PullHarness.cursor(pool, id, resource);
    }

    static JsonNode settingsJson() {
        try {
            return RealData.JSON.readTree(SETTINGS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the recorded objects map to, computed with the same mapper: the sync must deliver exactly these. */
    Set<String> expectedIds(String id) {
        GithubMapper mapper = new GithubMapper(ConnectorSettings.fromJson(id, ConnectorKind.GITHUB, "ants", baseUrl(), REPO,
                settingsJson()));
        Set<String> ids = new TreeSet<>();
        issues.values().forEach(i -> mapper.issue(REPO, i).events().forEach(e -> ids.add(e.get("id").asText())));
        pulls.values().forEach(p -> mapper.pullRequest(REPO, p, null).events().forEach(e -> ids.add(e.get("id").asText())));
        reviews.forEach((n, rs) -> rs.forEach(r -> mapper.review(REPO, n, r).events()
                .forEach(e -> ids.add(e.get("id").asText()))));
        ids.add("github:" + REPO + ":deployment-status:" + deploymentStatus.get("id").asText());
        runs.values().forEach(r -> mapper.workflowRun(REPO, r, null).events().forEach(e -> ids.add(e.get("id").asText())));
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
        // raw rows: one per issue (pull requests in the issue list are read from /pulls), pull request, deployment
        // and workflow run (each once, although the second runs listing read 8 of them again)
        long issueCount = issues.values().stream().filter(i -> !i.hasNonNull("pull_request")).count();
        long reviewCount = reviews.values().stream().mapToLong(List::size).sum();
        long rows = issueCount + pulls.size() + 1 + runs.size() + reviewCount;
        assertThat(reviewCount).isEqualTo(30);
        assertThat(runs).hasSize(35);
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'pull:github'", id))
                .isEqualTo(rows);
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1 and headers ? 'x-flowlens-resource-url'", id))
                .isEqualTo(rows);
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1 and headers ->> 'x-flowlens-resource' = $2",
                id, "workflow_runs:" + REPO)).isEqualTo(35);

        // the workflow runs: CodeQL on master, completed, is this connector's deployment workflow. Eleven
        // succeeded (ten weekly schedules and the push of 2022-06-27), the pull_request run of 2022-06-30
        // failed (its second attempt); the run of 2022-06-25 05:02 is in progress, the others are other
        // workflows or branches
        Map<String, JsonNode> deployments = deploymentEvents(id);
        assertThat(deployments.keySet().stream().filter(k -> k.contains(":workflow-run:"))).hasSize(12);
        assertThat(deployments.values().stream().filter(e -> e.get("id").asText().endsWith(":success")
                && e.get("id").asText().contains(":workflow-run:"))).hasSize(11);
        JsonNode failedRun = deployments.get("github:" + REPO + ":workflow-run:2589885635:2:failure");
        assertThat(failedRun.at("/data/commitShas/0").asText()).isEqualTo(runs.get(2589885635L).get("head_sha").asText());
        assertThat(failedRun.at("/data/startedAt").asText()).isEqualTo("2022-07-01T13:34:14Z");
        assertThat(failedRun.at("/data/finishedAt").asText()).isEqualTo("2022-07-01T13:35:19Z");
        assertThat(failedRun.at("/data/environment").asText()).isEqualTo("production");
        JsonNode push = deployments.get("github:" + REPO + ":workflow-run:2566218976:1:success");
        assertThat(push.at("/data/commitShas/0").asText()).isEqualTo(runs.get(2566218976L).get("head_sha").asText());
        assertThat(push.at("/data/finishedAt").asText()).isEqualTo("2022-06-27T01:30:55Z");
        // one listing of created>= the backfill horizon, cut after 25 runs (2 pages) although total_count is 35;
        // then the rest, created up to the oldest run read (2022-06-25T04:17:45Z, where the last 18 were created)
        // (the backfill horizon: 5000 days, the test config, before the clock's time when the sync started)
        String horizon = Instant.parse("2026-03-01T08:00:00Z").minus(Duration.ofDays(5000)).toString();
        assertThat(requests.stream().filter(r -> r.startsWith("/actions/runs"))).containsExactly(
                "/actions/runs created=>=" + horizon, "/actions/runs?page=2 created=>=" + horizon,
                "/actions/runs created=" + horizon + "..2022-06-25T04:17:45Z");
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
        assertThat(run.getInt("stored")).isEqualTo((int) rows);
        // runs: not moved past the oldest run not completed (created 2022-06-25T04:17:45Z, with DevLake's
        // upper-case status rows), so its completion is read again by a later sync
        assertThat(cursor(id, "workflow_runs:" + REPO)).isEqualTo("2022-06-25T04:17:45Z");
        assertThat(run.getInt("progress.'workflow_runs:panjf2000/ants'.pages")).isEqualTo(3);
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
        assertThat(requests).contains("/issues").doesNotContain("/issues?page=2")
                .contains("/actions/runs created=>=2022-06-25T04:17:45Z");
        assertThat(count("select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id where r.connector_id = $1", id))
                .isEqualTo(outboxBefore);

        // an issue closed since: the third sync stores it, and only it
        long n = issues.values().stream().filter(i -> !i.hasNonNull("pull_request")).findFirst().orElseThrow().get("number").asLong();
        ObjectNode changed = issues.get(n).deepCopy();
        changed.put("state", "closed").put("updated_at", "2023-05-02T10:00:00Z").put("closed_at", "2023-05-02T10:00:00Z");
        issues.put(n, changed);
        // and the CodeQL run on master that was in progress has completed: now it is a deployment
        ObjectNode completed = runs.get(2559507315L).deepCopy();
        completed.put("status", "completed").put("conclusion", "success").put("updated_at", "2022-06-25T05:04:01Z");
        runs.put(2559507315L, completed);
        assertThat(deploymentEvents(id)).doesNotContainKey("github:" + REPO + ":workflow-run:2559507315:1:success");
        JsonPath third = sync(id, token);
        assertThat(third.getInt("stored")).isEqualTo(2);
        assertThat(outboxIds(id)).contains("github:" + REPO + "#" + n + ":upserted:2023-05-02T10:00:00Z",
                "github:" + REPO + "#" + n + ":closed:2023-05-02T10:00:00Z");
        JsonNode latest = deploymentEvents(id).get("github:" + REPO + ":workflow-run:2559507315:1:success");
        assertThat(latest.at("/data/commitShas/0").asText()).isEqualTo(completed.get("head_sha").asText());
        assertThat(latest.at("/data/startedAt").asText()).isEqualTo("2022-06-25T05:02:56Z");
        assertThat(latest.at("/data/finishedAt").asText()).isEqualTo("2022-06-25T05:04:01Z");
        assertThat(cursor(id, "workflow_runs:" + REPO)).isEqualTo("2022-06-25T04:17:45Z");
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
                + "\",\"selector\":\"" + REPO + "\",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"" + secret + "\",\"settings\":" + SETTINGS + "}");
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        int n = 0;
        for (String f : List.of("issues/opened.payload.json", "issues/reopened.payload.json", "pull_request/closed.payload.json",
                "deployment_status/payload.json", "push/payload.json", "workflow_run/completed.payload.json")) {
            byte[] body = RealData.json("github-webhooks/octokit-payload-examples/" + f).toString().getBytes(StandardCharsets.UTF_8);
            given().header("X-GitHub-Event", f.substring(0, f.indexOf('/'))).header("X-GitHub-Delivery", "replay-" + (++n))
                    .header("X-Hub-Signature-256", HmacSha256.sign(secret, body)).contentType("application/json").body(body)
                    .post("/webhooks/github/" + id).then().statusCode(202);
        }
        List<String> first = PullHarness.outboxRows(pool, id, 0);
        assertThat(first).anyMatch(r -> r.contains(" webhook:github ")).anyMatch(r -> r.contains(" pull:github ") && r.contains("firstCommitAt"))
                .anyMatch(r -> r.contains(" pull:github ") && r.contains("deployment.finished") && r.contains(":deployment-status:"))
                .anyMatch(r -> r.contains(" pull:github ") && r.contains("deployment.finished") && r.contains(":workflow-run:"));
        long last = PullHarness.assertReplayQueuesTheSameEvents(pool, token, id, first);
        // the first events carried a mapping revision too
        assertThat(PullHarness.revisions(pool, id, 0, last)).hasSize(first.size()).allMatch(r -> r > 0);
    }

    /**
     * Pinned from the recordings: the events of the distinct issues and pull requests of panjf2000/ants
     * DevLake recorded (127), one production deployment status, and 12 finished runs of the deployment workflow.
     */
    /** 128 + 12 (v1), 19 pull requests closed without merging, 30 reviews. */
    static final int EXPECTED_EVENTS = 128 + 12 + 19 + 30;

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

    // --- the connection test (issue 24) ---------------------------------------------------------------------------

    /** GET /user's answer: a user as GitHub shows one in the recordings (the first recorded issue's author). */
    JsonNode user() {
        return issues.values().iterator().next().get("user");
    }

    @Test
    void aConnectionTestWithTheRightTokenAndAReadableRepositoryPasses() {
        JsonPath test = PullHarness.testConnection(pool, "GITHUB", baseUrl(), REPO, TOKEN);
        assertThat(test.getBoolean("ok")).as(test.prettify()).isTrue();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + REPO);
        assertThat(test.getList("checks.ok", Boolean.class)).containsOnly(true);
        assertThat(test.getString("checks[1].message")).isEqualTo("accepted for " + user().get("login").asText());
        assertThat(requests).containsExactly("/api/v3/user", "/issues");
        assertThat(authorizations).allMatch(("Bearer " + TOKEN)::equals);
    }

    @Test
    void aConnectionTestWithARefusedTokenSaysWhatGithubSaid() {
        JsonPath test = PullHarness.testConnection(pool, "GITHUB", baseUrl(), REPO, "ghp-revoked");
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, false, false);
        assertThat(test.getString("checks[1].message"))
                .isEqualTo("GET /user answered 401 (the connector's token was refused: check it): Bad credentials");
        assertThat(test.getString("checks[2].message")).isEqualTo("not checked: the credentials were refused");
        assertThat(requests).containsExactly("/api/v3/user");
    }

    @Test
    void aConnectionTestWithARepositoryTheTokenCannotSeeNamesIt() {
        JsonPath test = PullHarness.testConnection(pool, "GITHUB", baseUrl(), "panjf2000/private-fork, " + REPO, TOKEN);
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector panjf2000/private-fork",
                "selector " + REPO);
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, true, false, true);
        assertThat(test.getString("checks[2].message")).isEqualTo("GET /repos/panjf2000/private-fork/issues answered 404 (no such "
                + "repository, project or endpoint, or the token cannot see it: check the selector and baseUrl): Not Found");
    }
}
