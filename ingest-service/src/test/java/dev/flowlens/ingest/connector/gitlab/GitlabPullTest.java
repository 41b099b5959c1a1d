package dev.flowlens.ingest.connector.gitlab;

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
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The GitLab pull against a local server that replays DevLake's recorded gitlab.com REST responses
 * of gitlab-data/snowflake_spend (issues, merge requests, deployments) with GitLab's offset paging
 * ({@code X-Next-Page}, {@code X-Page}, {@code X-Total-Pages} and {@code Link}), a page whose
 * answer spends the quota ({@code RateLimit-Remaining: 0}, {@code RateLimit-Reset}) and a
 * {@code 429} with {@code Retry-After} in the middle. The issues' resource state events are not in
 * DevLake's recordings: they are built in GitLab's documented shape
 * (docs.gitlab.com/api/resource_state_events) from each closed issue's {@code closed_at}, one issue
 * with a close, a reopen and a second close. Pipelines: DevLake's recorded listing
 * ({@code GET /pipelines}) and its recorded {@code GET /pipelines/:id} answers, the latter also
 * listed (in the listing's fields) so that the pull finds them; the connector names the pipelines of
 * {@code master} and of merge request 5500 as deployments (the recordings have no deploy branch with
 * more than one pipeline).
 */
@QuarkusTest
class GitlabPullTest {

    static final String PROJECT = "gitlab-data/snowflake_spend";
    static final String PROJECT_PATH = "/api/v4/projects/" + URLEncoder.encode(PROJECT, StandardCharsets.UTF_8);
    static final String TOKEN = "glpat-test-token-never-logged";
    /** This server pages by 5 whatever is asked, so that the 16 recorded issues take 4 pages. */
    static final int SERVER_PAGE = 5;
    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    @Inject
    Pool pool;

    HttpServer server;
    RecordingPullClock clock;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    volatile boolean quotaSpentOnIssuesPage1 = true;
    volatile boolean tooManyOnMergeRequestsPage2 = true;
    final Map<Long, ObjectNode> issues = new LinkedHashMap<>();
    final Map<Long, ArrayNode> stateEvents = new LinkedHashMap<>();
    final Map<Long, JsonNode> mergeRequests = new LinkedHashMap<>();
    final Map<Long, ArrayNode> notes = new LinkedHashMap<>();
    final Map<Long, JsonNode> deployments = new LinkedHashMap<>();
    /** Pipelines as GET /pipelines lists them, and the recorded GET /pipelines/:id answers. */
    final Map<Long, ObjectNode> pipelines = new LinkedHashMap<>();
    final Map<Long, ObjectNode> pipelineDetails = new LinkedHashMap<>();
    static final List<String> LISTED = List.of("id", "iid", "project_id", "sha", "ref", "status", "source", "created_at", "updated_at",
            "web_url");
    long reopenedIid;

    @BeforeEach
    void start() throws IOException {
        String base = "devlake/gitlab/raw_tables/";
        DevLake.table(base + "_raw_gitlab_api_issues.csv").forEach(r -> issues.put(r.data().get("iid").asLong(), (ObjectNode) r.data()));
        DevLake.table(base + "_raw_gitlab_api_merge_requests.csv").forEach(r -> mergeRequests.put(r.data().get("iid").asLong(), r.data()));
        DevLake.table(base + "_raw_gitlab_api_merge_request_notes.csv").forEach(r -> notes
                .computeIfAbsent(r.input().get("Iid").asLong(), k -> RealData.JSON.createArrayNode()).add(r.data()));
        DevLake.table(base + "_raw_gitlab_api_deployments.csv").forEach(r -> deployments.put(r.data().get("id").asLong(), r.data()));
        DevLake.table(base + "_raw_gitlab_api_pipeline.csv").forEach(r -> pipelines.put(r.data().get("id").asLong(), (ObjectNode) r.data()));
        DevLake.table(base + "_raw_gitlab_api_pipeline_details.csv").forEach(r -> {
            ObjectNode detail = (ObjectNode) r.data();
            pipelineDetails.put(detail.get("id").asLong(), detail);
            pipelines.put(detail.get("id").asLong(), listed(detail));
        });
        long eventId = 9000;
        for (ObjectNode i : issues.values()) {
            ArrayNode events = RealData.JSON.createArrayNode();
            if (i.hasNonNull("closed_at")) {
                Instant created = ToolTime.parse(i.get("created_at").asText());
                Instant closed = ToolTime.parse(i.get("closed_at").asText());
                if (reopenedIid == 0 && Duration.between(created, closed).toMinutes() > 10) {
                    // closed a quarter of the way, reopened half way, closed for good at closed_at
                    reopenedIid = i.get("iid").asLong();
                    Duration span = Duration.between(created, closed);
                    events.add(stateEvent(++eventId, i, created.plus(span.dividedBy(4)), "closed"));
                    events.add(stateEvent(++eventId, i, created.plus(span.dividedBy(2)), "reopened"));
                }
                events.add(stateEvent(++eventId, i, closed, "closed"));
            }
            stateEvents.put(i.get("iid").asLong(), events);
        }
        assertThat(reopenedIid).isPositive();

        clock = PullHarness.installClock(START);
        server = PullHarness.toolServer(this::handle);
    }

    /** A pipeline as {@code GET /pipelines} lists it: the fields the listing has, of a {@code GET /pipelines/:id} answer. */
    static ObjectNode listed(JsonNode detail) {
        ObjectNode o = RealData.JSON.createObjectNode();
        LISTED.forEach(f -> o.set(f, detail.get(f)));
        return o;
    }

    /** One event of {@code GET /projects/:id/issues/:iid/resource_state_events}, as GitLab's API docs show it. */
    static ObjectNode stateEvent(long id, JsonNode issue, Instant at, String state) {
        ObjectNode e = RealData.JSON.createObjectNode();
        e.put("id", id);
        e.set("user", issue.get("author"));
        e.put("created_at", at.toString());
        e.put("resource_type", "Issue");
        e.put("resource_id", issue.get("id").asLong());
        e.put("state", state);
        return e;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String baseUrl() {
        return PullHarness.baseUrl(server);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String call = path.replace(PROJECT_PATH, "") + (q.containsKey("page") ? "?page=" + q.get("page") : "");
        requests.add(call + (q.containsKey("updated_after") && !q.containsKey("page") ? "@" + q.get("updated_after") : ""));
        tokens.add(String.valueOf(ex.getRequestHeaders().getFirst("PRIVATE-TOKEN")));
        if (!TOKEN.equals(ex.getRequestHeaders().getFirst("PRIVATE-TOKEN"))) {
            send(ex, 401, "{\"message\":\"401 Unauthorized\"}", Map.of()); // GitLab's answer to a revoked token
            return;
        }
        if (path.equals("/api/v4/user")) {
            send(ex, 200, user().toString(), Map.of());
            return;
        }
        if (!path.startsWith(PROJECT_PATH + "/")) {
            send(ex, 404, "{\"message\":\"404 Project Not Found\"}", Map.of());
            return;
        }
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        String resource = path.substring(PROJECT_PATH.length() + 1);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", "2000");
        headers.put("RateLimit-Remaining", "1999");
        headers.put("RateLimit-Reset", String.valueOf(clock.now().plusSeconds(60).getEpochSecond()));
        List<JsonNode> all;
        Matcher states = Pattern.compile("issues/(\\d+)/resource_state_events").matcher(resource);
        Matcher mrNotes = Pattern.compile("merge_requests/(\\d+)/notes").matcher(resource);
        Matcher pipeline = Pattern.compile("pipelines/(\\d+)").matcher(resource);
        if (pipeline.matches()) {
            ObjectNode detail = pipelineDetails.get(Long.parseLong(pipeline.group(1)));
            if (detail == null) {
                send(ex, 404, "{\"message\":\"404 Not found\"}", headers);
            } else {
                send(ex, 200, detail.toString(), headers);
            }
            return;
        }
        if (resource.equals("pipelines") && q.containsKey("scope")) {
            // a pipeline's scope is running/pending/finished/branches/tags: "all" is refused
            send(ex, 400, "{\"error\":\"scope does not have a valid value\"}", headers);
            return;
        }
        if (mrNotes.matches()) {
            all = new ArrayList<>();
            notes.getOrDefault(Long.parseLong(mrNotes.group(1)), RealData.JSON.createArrayNode()).forEach(all::add);
        } else if (states.matches()) {
            all = new ArrayList<>();
            stateEvents.getOrDefault(Long.parseLong(states.group(1)), RealData.JSON.createArrayNode()).forEach(all::add);
        } else if (resource.equals("issues") || resource.equals("merge_requests") || resource.equals("deployments")
                || resource.equals("pipelines")) {
            if (!"updated_at".equals(q.get("order_by")) || !"asc".equals(q.get("sort"))) {
                send(ex, 400, "{\"error\":\"this server only answers order_by=updated_at&sort=asc\"}", Map.of());
                return;
            }
            if (resource.equals("merge_requests") && page == 2 && tooManyOnMergeRequestsPage2) {
                tooManyOnMergeRequestsPage2 = false;
                headers.put("RateLimit-Remaining", "0");
                headers.put("RateLimit-Reset", String.valueOf(clock.now().plusSeconds(45).getEpochSecond()));
                headers.put("Retry-After", "30");
                send(ex, 429, "{\"message\":\"Retry later\"}", headers);
                return;
            }
            if (resource.equals("issues") && page == 1 && quotaSpentOnIssuesPage1) {
                // answered, but the quota is spent: the next request must wait for the reset
                quotaSpentOnIssuesPage1 = false;
                headers.put("RateLimit-Remaining", "0");
                headers.put("RateLimit-Reset", String.valueOf(clock.now().plusSeconds(17).getEpochSecond()));
            }
            Map<Long, ? extends JsonNode> source = switch (resource) {
                case "issues" -> issues;
                case "merge_requests" -> mergeRequests;
                case "pipelines" -> pipelines;
                default -> deployments;
            };
            Instant after = ToolTime.parse(q.get("updated_after"));
            all = source.values().stream().filter(o -> o.hasNonNull("updated_at"))
                    .filter(o -> after == null || !ToolTime.parse(o.get("updated_at").asText()).isBefore(after))
                    .sorted(Comparator.comparing(o -> ToolTime.parse(o.get("updated_at").asText()))).map(o -> (JsonNode) o).toList();
        } else {
            send(ex, 404, "{\"error\":\"404 Not Found\"}", Map.of());
            return;
        }
        int perPage = Math.min(SERVER_PAGE, Integer.parseInt(q.getOrDefault("per_page", "20")));
        int totalPages = Math.max(1, (all.size() + perPage - 1) / perPage);
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode body = RealData.JSON.createArrayNode();
        all.subList(from, to).forEach(body::add);
        // GitLab's offset pagination headers: X-Next-Page is present but empty on the last page
        headers.put("X-Page", String.valueOf(page));
        headers.put("X-Per-Page", String.valueOf(perPage));
        headers.put("X-Total", String.valueOf(all.size()));
        headers.put("X-Total-Pages", String.valueOf(totalPages));
        headers.put("X-Next-Page", page < totalPages ? String.valueOf(page + 1) : "");
        headers.put("X-Prev-Page", page > 1 ? String.valueOf(page - 1) : "");
        List<String> links = new ArrayList<>();
        if (page < totalPages) {
            links.add("<" + link(path, q, page + 1) + ">; rel=\"next\"");
        }
        links.add("<" + link(path, q, 1) + ">; rel=\"first\"");
        links.add("<" + link(path, q, totalPages) + ">; rel=\"last\"");
        headers.put("Link", String.join(", ", links));
        send(ex, 200, body.toString(), headers);
    }

    private String link(String path, Map<String, String> q, int page) {
        Map<String, String> next = new LinkedHashMap<>(q);
        next.put("page", String.valueOf(page));
        StringBuilder b = new StringBuilder(baseUrl() + path + "?");
        next.forEach((k, v) -> b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return b.substring(0, b.length() - 1);
    }

    static final String WEBHOOK_SECRET = "gitlab-webhook-secret-for-tests";

    /** Staging counts as production for this connector; master's and merge request 5500's pipelines deploy to it. */
    static final String SETTINGS = "{\"productionEnvironments\":[\"staging\"],"
            + "\"deploymentPipelines\":[{\"ref\":\"master|refs/merge-requests/5500/head\",\"environment\":\"staging\"}]}";

    String connector() {
        return PullHarness.saveConnector(serviceToken(), "{\"kind\":\"GITLAB\",\"name\":\"snowflake\",\"baseUrl\":\"" + baseUrl()
                + "\",\"selector\":\"" + PROJECT + "\",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"" + WEBHOOK_SECRET
                + "\",\"settings\":" + SETTINGS + "}");
    }

    ConnectorSettings settings(String id) {
        try {
            return ConnectorSettings.fromJson(id, ConnectorKind.GITLAB, "snowflake", baseUrl(), PROJECT, RealData.JSON.readTree(SETTINGS));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the recorded objects map to: the sync must deliver exactly these. */
    Set<String> expectedIds(String id) {
        GitlabMapper mapper = new GitlabMapper(settings(id));
        Set<String> ids = new TreeSet<>();
        issues.values().forEach(i -> mapper.restIssue(i, stateEvents.get(i.get("iid").asLong())).events().forEach(e -> ids.add(e.get("id").asText())));
        mergeRequests.values().forEach(m -> mapper.restMergeRequest(m, notes.getOrDefault(m.get("iid").asLong(),
                RealData.JSON.createArrayNode())).events().forEach(e -> ids.add(e.get("id").asText())));
        deployments.values().stream().filter(d -> d.hasNonNull("updated_at"))
                .forEach(d -> mapper.restDeployment(PROJECT, d).events().forEach(e -> ids.add(e.get("id").asText())));
        pipelines.values().stream().filter(p -> p.hasNonNull("updated_at")).forEach(p -> mapper.restPipeline(PROJECT,
                mapper.isFinishedDeploymentPipeline(p) ? pipelineDetails.get(p.get("id").asLong()) : p).events()
                .forEach(e -> ids.add(e.get("id").asText())));
        return ids;
    }

    @Test
    void aSyncPagesWaitsAsToldStoresEverythingWithStateEventsAndTheNextOneFetchesNothingNew() {
        String token = serviceToken();
        String id = connector();

        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");

        // the waits, exactly as told: 17 s until RateLimit-Reset after the page that spent the
        // quota, then Retry-After (30 s, not the later RateLimit-Reset) after the 429
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(17), Duration.ofSeconds(30));
        assertThat(requests.stream().filter("/merge_requests?page=2"::equals).count()).isEqualTo(2);
        assertThat(tokens).allMatch(TOKEN::equals);

        // every recorded object's events, exactly; pinned so that a mapping change shows here
        Set<String> expected = expectedIds(id);
        assertThat(outbox(pool, id).keySet()).isEqualTo(expected);
        assertThat(expected).hasSize(EXPECTED_EVENTS);
        // the issue closed, reopened and closed again: three transitions, each at its own time
        ObjectNode reopened = issues.get(reopenedIid);
        String item = "gitlab:" + PROJECT + "#" + reopenedIid;
        ArrayNode history = stateEvents.get(reopenedIid);
        Instant firstClose = ToolTime.parse(history.get(0).get("created_at").asText());
        Instant reopen = ToolTime.parse(history.get(1).get("created_at").asText());
        Instant lastClose = ToolTime.parse(reopened.get("closed_at").asText());
        assertThat(transitions(id, item)).containsExactly(
                "opened->closed@" + firstClose, "closed->opened@" + reopen, "opened->closed@" + lastClose);
        // the other closed issues: one close each, at closed_at
        long closedIssues = issues.values().stream().filter(i -> i.hasNonNull("closed_at")).count();
        assertThat(count(pool, """
                select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.event_type = 'workitem.transitioned'""", id)).isEqualTo(closedIssues + 2);
        // staging counts as production for this connector: the recorded success, completed and failed deploys,
        // and the finished pipelines of master (1 success) and merge request 5500 (2 successes, 4 failures)
        assertThat(count(pool, """
                select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.event_type = 'deployment.finished'""", id)).isEqualTo(3 + 7);
        Map<String, JsonNode> pipelineDeployments = pipelineDeployments(id);
        assertThat(pipelineDeployments.keySet()).containsExactlyInAnyOrder(
                "gitlab:" + PROJECT + ":pipeline:1079555385:success", "gitlab:" + PROJECT + ":pipeline:1079545236:success",
                "gitlab:" + PROJECT + ":pipeline:1079594690:success", "gitlab:" + PROJECT + ":pipeline:1079502706:failure",
                "gitlab:" + PROJECT + ":pipeline:1079509085:failure", "gitlab:" + PROJECT + ":pipeline:1079536077:failure",
                "gitlab:" + PROJECT + ":pipeline:1079589242:failure");
        JsonNode master = pipelineDeployments.get("gitlab:" + PROJECT + ":pipeline:1079555385:success");
        assertThat(master.at("/data/deploymentId").asText()).isEqualTo("gitlab:" + PROJECT + ":pipeline:1079555385");
        assertThat(master.at("/data/environment").asText()).isEqualTo("staging");
        assertThat(master.at("/data/commitShas/0").asText()).isEqualTo("b5b8ec19fbddefe1374e87b05775f238ac06003e");
        assertThat(master.at("/data/startedAt").asText()).isEqualTo("2023-11-21T03:28:30Z");
        assertThat(master.at("/data/finishedAt").asText()).isEqualTo("2023-11-21T03:51:44Z");
        // finished_at is read from GET /pipelines/:id: 02:00:55.705, where the listing's updated_at says 02:00:57.015
        assertThat(pipelineDeployments.get("gitlab:" + PROJECT + ":pipeline:1079502706:failure").at("/data/finishedAt").asText())
                .isEqualTo("2023-11-21T02:00:55Z");
        // only those seven finished deployment pipelines were read one by one
        assertThat(requests.stream().filter(r -> r.matches("/pipelines/\\d+"))).containsExactlyInAnyOrder("/pipelines/1079555385",
                "/pipelines/1079545236", "/pipelines/1079594690", "/pipelines/1079502706", "/pipelines/1079509085",
                "/pipelines/1079536077", "/pipelines/1079589242");

        // raw rows: one per issue (with its state events), merge request and deployment with an updated_at
        long deploymentRows = deployments.values().stream().filter(d -> d.hasNonNull("updated_at")).count();
        long pipelineRows = pipelines.values().stream().filter(p -> p.hasNonNull("updated_at")).count();
        assertThat(pipelineRows).isEqualTo(27 + 16); // two listed pipelines, running, have no updated_at yet
        long rows = issues.size() + mergeRequests.size() + deploymentRows + pipelineRows;
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'pull:gitlab'", id))
                .isEqualTo(rows);
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and body like '%\"resource_state_events\"%'", id))
                .isEqualTo(issues.size());
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and (headers::text like $2 or body like $2)",
                id, "%" + TOKEN + "%")).isZero();
        assertThat(run.getInt("stored")).isEqualTo((int) rows);
        assertThat(run.getInt("events")).isEqualTo(expected.size());
        assertThat(run.getInt("progress.'issues:" + PROJECT + "'.pages")).isEqualTo(4);
        assertThat(run.getInt("progress.'merge_requests:" + PROJECT + "'.pages")).isEqualTo(4);
        assertThat(run.getInt("progress.'pipelines:" + PROJECT + "'.pages")).isEqualTo(9);

        // the cursors: the newest updated_at of each listing
        assertThat(cursor(pool, id, "issues:" + PROJECT)).isEqualTo("2022-06-16T16:23:09.779Z");
        assertThat(cursor(pool, id, "merge_requests:" + PROJECT)).isEqualTo("2022-06-30T21:41:49.705Z");
        assertThat(cursor(pool, id, "deployments:" + PROJECT)).isEqualTo("2019-03-13T15:26:37.476Z");
        assertThat(cursor(pool, id, "pipelines:" + PROJECT)).isEqualTo("2023-11-21T05:36:26.228Z");
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.lastError", equalTo(null));

        // a second sync asks from the cursors; only the boundary objects come again, nothing is stored twice
        requests.clear();
        var before = outbox(pool, id);
        JsonPath second = sync(id, token);
        assertThat(second.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(second.getInt("stored")).isZero();
        assertThat(second.getInt("events")).isZero();
        assertThat(requests).contains("/issues@2022-06-16T16:23:09.779Z", "/merge_requests@2022-06-30T21:41:49.705Z",
                "/deployments@2019-03-13T15:26:37.476Z", "/pipelines@2023-11-21T05:36:26.228Z").noneMatch(r -> r.contains("?page="))
                .noneMatch(r -> r.matches("/pipelines/\\d+")); // the boundary pipeline (merge request 5522's) is no deployment
        assertThat(outbox(pool, id)).isEqualTo(before);
        assertThat(clock.sleeps()).hasSize(2);

        // an open issue closed since: the third sync stores it with its state event, and only it
        ObjectNode open = issues.values().stream().filter(i -> !i.hasNonNull("closed_at")).findFirst().orElseThrow();
        long iid = open.get("iid").asLong();
        ObjectNode closed = open.deepCopy();
        closed.put("state", "closed").put("updated_at", "2023-05-02T10:00:00.125Z").put("closed_at", "2023-05-02T10:00:00.120Z");
        issues.put(iid, closed);
        stateEvents.get(iid).add(stateEvent(9999, closed, Instant.parse("2023-05-02T10:00:00.120Z"), "closed"));
        // and master's pipeline retried a day later, failing this time: a later fact of the same deployment
        ObjectNode retried = pipelineDetails.get(1079555385L).deepCopy();
        retried.put("status", "failed").put("updated_at", "2023-11-22T09:00:00.500Z").put("finished_at", "2023-11-22T09:00:00.400Z");
        pipelineDetails.put(1079555385L, retried);
        pipelines.put(1079555385L, listed(retried));
        JsonPath third = sync(id, token);
        assertThat(third.getInt("stored")).isEqualTo(2);
        JsonNode failedAgain = pipelineDeployments(id).get("gitlab:" + PROJECT + ":pipeline:1079555385:failure");
        assertThat(failedAgain.at("/data/deploymentId").asText()).isEqualTo("gitlab:" + PROJECT + ":pipeline:1079555385");
        assertThat(failedAgain.at("/data/finishedAt").asText()).isEqualTo("2023-11-22T09:00:00Z");
        assertThat(cursor(pool, id, "pipelines:" + PROJECT)).isEqualTo("2023-11-22T09:00:00.500Z");
        assertThat(transitions(id, "gitlab:" + PROJECT + "#" + iid)).containsExactly("opened->closed@2023-05-02T10:00:00.120Z");
        assertThat(cursor(pool, id, "issues:" + PROJECT)).isEqualTo("2023-05-02T10:00:00.125Z");
    }

    @Test
    void aReplayOfPulledAndWebhookRowsQueuesExactlyTheEventsTheyQueuedTheFirstTime() {
        String token = serviceToken();
        String id = connector();
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        // and real webhook deliveries to the same connector
        Map<String, String> hooks = new LinkedHashMap<>();
        hooks.put("go-gitlab-testdata/issue.json", "Issue Hook");
        hooks.put("go-gitlab-testdata/merge_request.json", "Merge Request Hook");
        hooks.put("go-gitlab-testdata/pipeline.json", "Pipeline Hook");
        hooks.put("gitlab-docs-examples/deployment.json", "Deployment Hook");
        hooks.put("go-gitlab-testdata/push.json", "Push Hook");
        int n = 0;
        for (Map.Entry<String, String> h : hooks.entrySet()) {
            byte[] body = RealData.json("gitlab-webhooks/" + h.getKey()).toString().getBytes(StandardCharsets.UTF_8);
            given().header("X-Gitlab-Token", WEBHOOK_SECRET).header("X-Gitlab-Event", h.getValue())
                    .header("X-Gitlab-Event-UUID", "replay-test-" + (++n)).contentType("application/json").body(body)
                    .post("/webhooks/gitlab/" + id).then().statusCode(202);
        }
        // the Pipeline Hook of a pipeline the pull read: merge request 5500's success (go-gitlab's hook with its
        // attributes, times in the hook's format and precision) is the event the pull queued, byte for byte
        ObjectNode hook = (ObjectNode) RealData.json("gitlab-webhooks/go-gitlab-testdata/pipeline.json");
        ((ObjectNode) hook.get("project")).put("path_with_namespace", PROJECT);
        JsonNode detail = pipelineDetails.get(1079594690L);
        ((ObjectNode) hook.get("object_attributes")).put("id", 1079594690L).put("iid", 36253).put("ref", detail.get("ref").asText())
                .put("sha", detail.get("sha").asText()).put("status", "success").put("source", "merge_request_event")
                .put("created_at", "2023-11-21 04:31:16 UTC").put("finished_at", "2023-11-21 04:55:30 UTC");
        String pipelineEvent = "gitlab:" + PROJECT + ":pipeline:1079594690:success";
        String pulledPayload = outbox(pool, id).get(pipelineEvent).first();
        given().header("X-Gitlab-Token", WEBHOOK_SECRET).header("X-Gitlab-Event", "Pipeline Hook")
                .header("X-Gitlab-Event-UUID", "replay-test-pipeline").contentType("application/json").body(hook.toString())
                .post("/webhooks/gitlab/" + id).then().statusCode(202).body("events", equalTo(1));
        // byte for byte but for the mapping revision (flowlensmapped), which each queuing stamps anew
        assertThat(outbox(pool, id).get(pipelineEvent).stream().map(PullHarness::unstamped).distinct().toList())
                .containsExactly(PullHarness.unstamped(pulledPayload));
        assertThat(PullHarness.outboxRows(pool, id, 0).stream().filter(r -> r.contains(" " + pipelineEvent + " ")))
                .hasSize(2).anyMatch(r -> r.contains(" webhook:gitlab ")).anyMatch(r -> r.contains(" pull:gitlab "));

        List<String> first = PullHarness.outboxRows(pool, id, 0);
        assertThat(first).anyMatch(r -> r.contains(" webhook:gitlab ")).anyMatch(r -> r.contains(" pull:gitlab "));
        assertThat(first).anyMatch(r -> r.contains(":reopened:")); // the state events' transitions are among them
        long rawRows = count(pool, "select count(*) from ingest.raw_payload where connector_id = $1", id);
        long last = PullHarness.assertReplayQueuesTheSameEvents(pool, token, id, first);
        // the first events carried a mapping revision too
        assertThat(PullHarness.revisions(pool, id, 0, last)).hasSize(first.size()).allMatch(r -> r > 0);

        // the replay reported itself as a run of the connector (issue 24): its counts are the replay's answer, its
        // phase went over every stored payload, and the connector's lastSyncAt is the sync's, not the replay's
        JsonPath replayRun = given().auth().oauth2(token).queryParam("first", 1).get("/internal/v1/connectors/" + id + "/sync-run-page")
                .then().statusCode(200).extract().jsonPath().setRootPath("items[0]");
        assertThat(replayRun.getString("trigger")).isEqualTo("REPLAY");
        assertThat(replayRun.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(replayRun.getLong("items")).isEqualTo(rawRows);
        assertThat(replayRun.getLong("events")).isEqualTo(first.size());
        assertThat(replayRun.getLong("pages")).isPositive();
        assertThat(replayRun.getString("phase.resource")).isEqualTo("replay");
        assertThat(replayRun.getLong("phase.items")).isEqualTo(rawRows);
        assertThat(replayRun.getLong("phase.total")).isEqualTo(rawRows);
        assertThat(replayRun.getString("finishedAt")).isNotNull();
    }

    /**
     * 16 issues: 16 upserts and 12 closes, plus the first close and the reopen of the issue reopened
     * once; 18 merge requests: 18 opened, 10 merged; 3 finished staging deployments; 7 finished
     * deployment pipelines.
     */
    /** ... + 4 reviews: the person's notes on !1 and !3 (DevLake's recorded merge request notes). */
    static final int EXPECTED_EVENTS = 16 + 12 + 2 + 18 + 10 + 3 + 7 + 4;

    /** The deployment.finished events of pipelines queued for a connector, by event id (each id's payloads all equal). */
    Map<String, JsonNode> pipelineDeployments(String connectorId) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        outbox(pool, connectorId).forEach((eventId, payloads) -> {
            if (eventId.contains(":pipeline:")) {
                assertThat(payloads).as(eventId).hasSize(1);
                try {
                    out.put(eventId, RealData.JSON.readTree(payloads.first()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        return out;
    }

    /** The transitions queued for one item, "from->to@at", in time order. */
    List<String> transitions(String connectorId, String itemId) {
        List<String> out = new ArrayList<>();
        pool.preparedQuery("""
                select o.payload::jsonb -> 'data' as d from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.event_type = 'workitem.transitioned' and o.payload::jsonb -> 'data' ->> 'itemId' = $2
                order by o.payload::jsonb -> 'data' ->> 'at'""").execute(Tuple.of(connectorId, itemId))
                .await().indefinitely().forEach(r -> {
                    JsonObject d = (JsonObject) r.getValue("d");
                    out.add(d.getString("fromStatus") + "->" + d.getString("toStatus") + "@" + d.getString("at"));
                });
        return out;
    }

    // --- issue 24: a sync's progress, its history, and the connection test --------------------------------------

    /** Objects of a listing as this server pages them: those with an updated_at. */
    static long listed(Map<Long, ? extends JsonNode> objects) {
        return objects.values().stream().filter(o -> o.hasNonNull("updated_at")).count();
    }

    /** Pages of a listing as this server pages them (an empty listing is one page). */
    static long pages(long objects) {
        return Math.max(1, (objects + SERVER_PAGE - 1) / SERVER_PAGE);
    }

    @Test
    void aRunningSyncShowsItsPhaseCountsAndEachRateLimitWaitWithItsEndAndTheRunsArePaged() {
        String token = serviceToken();
        String id = connector();
        List<JsonPath> waiting = new CopyOnWriteArrayList<>();
        List<Long> outboxWhileWaiting = new CopyOnWriteArrayList<>();
        // at the start of each wait, on the pull's thread: what the admin sees, and what is in the outbox by then
        clock.beforeEachSleep(d -> {
            waiting.add(given().auth().oauth2(token).get("/internal/v1/connectors/" + id + "/sync-progress").then().statusCode(200)
                    .extract().jsonPath());
            outboxWhileWaiting.add(count(pool, "select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id "
                    + "where r.connector_id = $1", id));
        });
        given().auth().oauth2(token).get("/internal/v1/connectors/" + id + "/sync-progress").then().statusCode(204);

        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(waiting).hasSize(2);

        // first wait: issues page 1 was answered with the quota spent (RateLimit-Reset 17 s ahead); its issues are
        // being read with their state events, so nothing is committed yet; GitLab said how many issues there are
        JsonPath first = waiting.get(0);
        assertThat(first.getString("status")).isEqualTo("RUNNING");
        assertThat(first.getString("phase.resource")).isEqualTo("issues:" + PROJECT);
        assertThat(first.getString("phase.name")).isEqualTo("issues");
        assertThat(first.getString("phase.scope")).isEqualTo(PROJECT);
        assertThat(first.getString("phase.endpoint")).isEqualTo("GET " + PROJECT_PATH + "/issues");
        assertThat(first.getInt("phase.items")).isZero();
        assertThat(first.getLong("phase.total")).isEqualTo(listed(issues));
        assertThat(first.getInt("pages")).isZero();
        assertThat(first.getInt("items")).isZero();
        assertThat(first.getInt("rateLimitWaits")).isZero();
        assertThat(first.getInt("requests")).isEqualTo(1);
        assertThat(Instant.parse(first.getString("rateLimitWait.until"))).isEqualTo(START.plusSeconds(17));
        assertThat(first.getString("rateLimitWait.reason")).isEqualTo("GET " + PROJECT_PATH + "/issues answered 200 "
                + "(RateLimit-Remaining: 0, RateLimit-Reset: " + START.plusSeconds(17).getEpochSecond() + ")");

        // second wait: the 429 on merge requests page 2 (Retry-After 30 s, from the clock's START + 17 s); every issue
        // page and merge request page 1 are committed, and the counts are what those recorded pages hold
        JsonPath second = waiting.get(1);
        long issuePages = pages(listed(issues));
        assertThat(second.getString("phase.resource")).isEqualTo("merge_requests:" + PROJECT);
        assertThat(second.getString("phase.endpoint")).isEqualTo("GET " + PROJECT_PATH + "/merge_requests");
        assertThat(second.getInt("phase.items")).isEqualTo(SERVER_PAGE);
        assertThat(second.getLong("phase.total")).isEqualTo(listed(mergeRequests));
        assertThat(second.getString("phase.startedAt")).isEqualTo(START.plusSeconds(17).toString());
        assertThat(second.getString("phase.estimatedEnd")).isNotNull();
        assertThat(second.getLong("pages")).isEqualTo(issuePages + 1);
        assertThat(second.getLong("items")).isEqualTo(listed(issues) + SERVER_PAGE);
        assertThat(second.getLong("events")).isEqualTo(outboxWhileWaiting.get(1)).isPositive();
        assertThat(second.getInt("rateLimitWaits")).isEqualTo(1);
        assertThat(Instant.parse(second.getString("rateLimitWait.until"))).isEqualTo(START.plusSeconds(17 + 30));
        assertThat(second.getString("rateLimitWait.reason")).startsWith("GET " + PROJECT_PATH + "/merge_requests answered 429 (")
                .contains("Retry-After: 30");

        // the run as it ended: every recorded page and object counted, both waits, every request the server saw
        long objects = listed(issues) + listed(mergeRequests) + listed(deployments) + listed(pipelines);
        long listingPages = pages(listed(issues)) + pages(listed(mergeRequests)) + pages(listed(deployments)) + pages(listed(pipelines));
        assertThat(run.getLong("pages")).isEqualTo(listingPages);
        assertThat(run.getLong("items")).isEqualTo(objects);
        assertThat(run.getInt("events")).isEqualTo(EXPECTED_EVENTS);
        assertThat(run.getInt("rateLimitWaits")).isEqualTo(2);
        assertThat(run.getInt("requests")).isEqualTo(requests.size());
        assertThat(run.getString("phase.resource")).isEqualTo("pipelines:" + PROJECT);
        assertThat(run.getString("rateLimitWait")).isNull();
        assertThat(run.getString("finishedAt")).isNotNull();

        // a second run, then the history one run a page: newest first, then the first, then no more
        JsonPath again = sync(id, token);
        assertThat(again.getString("status")).isEqualTo("SUCCEEDED");
        JsonPath page1 = given().auth().oauth2(token).queryParam("first", 1).get("/internal/v1/connectors/" + id + "/sync-run-page")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page1.getInt("total")).isEqualTo(2);
        assertThat(page1.getList("items.id")).containsExactly(again.getString("id"));
        assertThat(page1.getString("nextCursor")).isNotBlank();
        JsonPath page2 = given().auth().oauth2(token).queryParam("first", 1).queryParam("after", page1.getString("nextCursor"))
                .get("/internal/v1/connectors/" + id + "/sync-run-page").then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("items.id")).containsExactly(run.getString("id"));
        assertThat(page2.getLong("items[0].items")).isEqualTo(objects);
        assertThat(page2.getString("nextCursor")).isNull();
        given().auth().oauth2(token).queryParam("first", 0).get("/internal/v1/connectors/" + id + "/sync-run-page").then()
                .statusCode(400);
        given().auth().oauth2(token).queryParam("after", "not-a-cursor").get("/internal/v1/connectors/" + id + "/sync-run-page")
                .then().statusCode(400);
        // the progress now shows how the newest run ended
        given().auth().oauth2(token).get("/internal/v1/connectors/" + id + "/sync-progress").then().statusCode(200)
                .body("id", equalTo(again.getString("id"))).body("status", equalTo("SUCCEEDED"));
    }

    JsonPath testConnection(String token, String selector) {
        String input = "{\"kind\":\"GITLAB\",\"name\":\"snowflake\",\"baseUrl\":\"" + baseUrl() + "\",\"selector\":\"" + selector
                + "\",\"token\":\"" + token + "\"}";
        long connectors = count(pool, "select count(*) from ingest.connector");
        JsonPath answer = given().auth().oauth2(serviceToken()).contentType("application/json").body(input)
                .post("/internal/v1/connectors/test").then().statusCode(200).extract().jsonPath();
        assertThat(count(pool, "select count(*) from ingest.connector")).as("a test saves nothing").isEqualTo(connectors);
        return answer;
    }

    @Test
    void aConnectionTestWithTheRightTokenAndAReadableProjectPasses() {
        JsonPath test = testConnection(TOKEN, PROJECT);
        assertThat(test.getBoolean("ok")).as(test.prettify()).isTrue();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + PROJECT);
        assertThat(test.getList("checks.ok", Boolean.class)).containsOnly(true);
        // the user GitLab says the token belongs to
        assertThat(test.getString("checks[1].message")).isEqualTo("accepted for " + user().get("username").asText());
        assertThat(requests).hasSize(2).startsWith("/api/v4/user");
        assertThat(requests.get(1)).startsWith("/issues@");
        assertThat(tokens).allMatch(TOKEN::equals);
    }

    @Test
    void aConnectionTestWithARefusedTokenSaysWhatGitlabSaid() {
        JsonPath test = testConnection("glpat-revoked", PROJECT);
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getBoolean("checks[0].ok")).isTrue();
        assertThat(test.getString("checks[1].name")).isEqualTo("credentials");
        assertThat(test.getBoolean("checks[1].ok")).isFalse();
        assertThat(test.getString("checks[1].message")).isEqualTo("GET /api/v4/user answered 401 (the connector's token was "
                + "refused: check it): 401 Unauthorized");
        assertThat(test.getString("checks[2].message")).isEqualTo("not checked: the credentials were refused");
        assertThat(requests).containsExactly("/api/v4/user");
    }

    @Test
    void aConnectionTestWithAProjectTheTokenCannotReadNamesIt() {
        String hidden = "gitlab-data/finance-private";
        JsonPath test = testConnection(TOKEN, hidden + ", " + PROJECT);
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector " + hidden, "selector " + PROJECT);
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, true, false, true);
        assertThat(test.getString("checks[2].message")).isEqualTo("GET /api/v4/projects/gitlab-data%2Ffinance-private/issues "
                + "answered 404 (no such repository, project or endpoint, or the token cannot see it: check the selector and "
                + "baseUrl): 404 Project Not Found");
    }

    @Test
    void aConnectionTestToARefusedAddressSendsNothing() {
        String input = "{\"kind\":\"GITLAB\",\"name\":\"metadata\",\"baseUrl\":\"http://169.254.169.254\",\"selector\":\"" + PROJECT
                + "\",\"token\":\"" + TOKEN + "\"}";
        JsonPath test = given().auth().oauth2(serviceToken()).contentType("application/json").body(input)
                .post("/internal/v1/connectors/test").then().statusCode(200).extract().jsonPath();
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getString("checks[0].name")).isEqualTo("address");
        assertThat(test.getBoolean("checks[0].ok")).isFalse();
        assertThat(test.getString("checks[0].message")).contains("169.254.169.254");
        assertThat(test.getString("checks[1].message")).isEqualTo("not checked: the address is refused");
    }

    /** GET /api/v4/user's answer: a user as GitLab shows one in the recordings (the first recorded issue's author). */
    JsonNode user() {
        return issues.values().iterator().next().get("author");
    }
}
