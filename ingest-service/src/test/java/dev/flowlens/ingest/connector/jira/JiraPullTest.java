package dev.flowlens.ingest.connector.jira;

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
import dev.flowlens.ingest.connector.webhook.HmacSha256;
import dev.flowlens.testsupport.RealData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
 * The Jira pull against a local server that answers the enhanced JQL search
 * ({@code GET /rest/api/3/search/jql}) with DevLake's recorded merico.atlassian.net issues (with
 * their embedded changelogs), paged by {@code nextPageToken}/{@code isLast}, reads the JQL's
 * {@code updated >= "yyyy/MM/dd HH:mm"} in the token user's zone ({@code /myself}, Asia/Shanghai,
 * as the recorded {@code +0800} times say), and refuses one page with {@code 429 Retry-After}.
 * The search embeds only the newest 10 of EE-17's 31 recorded history entries (as Jira embeds at
 * most 100); {@code /rest/api/3/issue/10079/changelog} serves all 31, oldest first, by 10.
 *
 * <p>The connection test's answers: Jira Cloud's 401 with a plain-text body for a wrong e-mail or API token, and its
 * documented 400 {@code {"errorMessages": ["The value 'X' does not exist for the field 'project'."], "errors": {}}}
 * for a JQL naming a project the token cannot see (Jira answers so for a hidden project as for a missing one).
 */
@QuarkusTest
class JiraPullTest {

    static final String SELECTOR = "project in (EE, K5)";
    static final String TOKEN = "flowlens@example.com:ATATT-test-token-never-logged";
    static final ZoneId USER_ZONE = ZoneId.of("Asia/Shanghai");
    /** This server pages by 10 whatever is asked (Jira caps maxResults too), so the 33 recorded issues take 4 pages. */
    static final int SERVER_PAGE = 10;
    static final Pattern UPDATED_SINCE = Pattern.compile("^\\((.*)\\) AND updated >= \"(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2})\" ORDER BY updated ASC$");

    @Inject
    Pool pool;

    HttpServer server;
    RecordingPullClock clock;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile boolean tooManyOnPage2 = true;
    final Map<String, ObjectNode> issues = new LinkedHashMap<>();
    /** The issue whose changelog the search cuts short (EE-17). */
    static final String CUT_SHORT = "10079";

    @BeforeEach
    void start() throws IOException {
        for (String f : List.of("issues_expand_changelog_connection2_board8.json", "issues_expand_changelog_connection1_board93.json")) {
            RealData.json("devlake/jira/derived/" + f).get("issues").forEach(i -> issues.put(i.get("id").asText(), (ObjectNode) i));
        }
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
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        if (!("Basic " + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))
                .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            requests.add(path);
            // Jira Cloud's answer to a wrong e-mail or API token: 401, and a text body that is not echoed
            send(ex, 401, "Client must be authenticated to access this resource.", Map.of());
            return;
        }
        if (path.equals("/rest/api/3/search/jql") && "key".equals(q.get("fields"))) {
            // the connection test's search: one issue of the selector's JQL; Jira's 400 for a project it does not show
            requests.add("/search/jql?" + q.get("jql"));
            Matcher project = Pattern.compile("^project\\s*=\\s*(\\S+)$").matcher(q.get("jql"));
            if (project.matches()) {
                send(ex, 400, "{\"errorMessages\":[\"The value '" + project.group(1) + "' does not exist for the field 'project'.\"],"
                        + "\"errors\":{}}", Map.of());
            } else {
                ObjectNode body = RealData.JSON.createObjectNode();
                body.putArray("issues").addObject().put("id", issues.keySet().iterator().next())
                        .put("key", issues.values().iterator().next().get("key").asText());
                body.put("isLast", issues.size() <= 1);
                send(ex, 200, body.toString(), Map.of());
            }
            return;
        }
        if (path.equals("/rest/api/3/myself")) {
            requests.add("/myself");
            send(ex, 200, "{\"accountId\":\"5f0c277e70b8a90021e5b1a1\",\"emailAddress\":\"flowlens@example.com\",\"timeZone\":\""
                    + USER_ZONE + "\",\"locale\":\"en_US\",\"active\":true}", Map.of());
            return;
        }
        Matcher changelog = Pattern.compile("/rest/api/3/issue/(\\d+)/changelog").matcher(path);
        if (changelog.matches() && issues.containsKey(changelog.group(1))) {
            int startAt = Integer.parseInt(q.getOrDefault("startAt", "0"));
            requests.add("/issue/" + changelog.group(1) + "/changelog@" + startAt);
            List<JsonNode> histories = new ArrayList<>();
            issues.get(changelog.group(1)).get("changelog").get("histories").forEach(histories::add);
            histories.sort(Comparator.comparing(h -> ToolTime.parse(h.get("created").asText())));
            int size = Math.min(SERVER_PAGE, Integer.parseInt(q.getOrDefault("maxResults", "50")));
            int to = Math.min(histories.size(), startAt + size);
            ObjectNode body = RealData.JSON.createObjectNode();
            body.put("self", baseUrl() + path + "?maxResults=" + size + "&startAt=" + startAt);
            if (to < histories.size()) {
                body.put("nextPage", baseUrl() + path + "?maxResults=" + size + "&startAt=" + to);
            }
            body.put("maxResults", size).put("startAt", startAt).put("total", histories.size()).put("isLast", to >= histories.size());
            histories.subList(Math.min(startAt, histories.size()), to).forEach(body.putArray("values")::add);
            send(ex, 200, body.toString(), Map.of());
            return;
        }
        if (!path.equals("/rest/api/3/search/jql")) {
            send(ex, 404, "{\"errorMessages\":[\"not found\"]}", Map.of());
            return;
        }
        Matcher jql = UPDATED_SINCE.matcher(q.getOrDefault("jql", ""));
        if (!jql.matches() || !jql.group(1).equals(SELECTOR) || !"changelog".equals(q.get("expand"))) {
            send(ex, 400, "{\"errorMessages\":[\"this server answers only the pull's JQL with expand=changelog, got " + q + "\"]}", Map.of());
            return;
        }
        int offset = q.containsKey("nextPageToken")
                ? Integer.parseInt(new String(Base64.getDecoder().decode(q.get("nextPageToken")), StandardCharsets.UTF_8)) : 0;
        int page = offset / SERVER_PAGE + 1;
        requests.add("/search@" + jql.group(2) + "#" + page);
        if (page == 2 && tooManyOnPage2) {
            tooManyOnPage2 = false;
            send(ex, 429, "{\"errorMessages\":[\"Rate limit exceeded.\"]}", Map.of("Retry-After", "7",
                    "X-RateLimit-Limit", "350", "X-RateLimit-Remaining", "0", "RateLimit-Reason", "jira-burst-based"));
            return;
        }
        // JQL compares at minute precision in the user's zone
        Instant since = LocalDateTime.parse(jql.group(2), DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm")).atZone(USER_ZONE).toInstant();
        List<JsonNode> all = issues.values().stream().filter(i -> !updated(i).isBefore(since))
                .sorted(Comparator.comparing(JiraPullTest::updated)).map(i -> (JsonNode) i).toList();
        int size = Math.min(SERVER_PAGE, Integer.parseInt(q.getOrDefault("maxResults", "50")));
        int to = Math.min(all.size(), offset + size);
        ObjectNode body = RealData.JSON.createObjectNode();
        ArrayNode list = body.putArray("issues");
        all.subList(Math.min(offset, all.size()), to).forEach(i -> list.add(asSearchEmbedsIt(i)));
        if (to < all.size()) {
            body.put("nextPageToken", Base64.getEncoder().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
        }
        body.put("isLast", to >= all.size());
        send(ex, 200, body.toString(), Map.of());
    }

    /** The search embeds at most a page of the changelog: EE-17's is cut to its newest 10 entries of 31. */
    static JsonNode asSearchEmbedsIt(JsonNode issue) {
        if (!issue.get("id").asText().equals(CUT_SHORT)) {
            return issue;
        }
        ObjectNode cut = issue.deepCopy();
        ArrayNode histories = (ArrayNode) cut.get("changelog").get("histories");
        int total = histories.size();
        List<JsonNode> newest = new ArrayList<>();
        histories.forEach(newest::add);
        newest.sort(Comparator.comparing((JsonNode h) -> ToolTime.parse(h.get("created").asText())).reversed());
        histories.removeAll();
        newest.subList(0, 10).forEach(histories::add);
        ((ObjectNode) cut.get("changelog")).put("startAt", 0).put("maxResults", 10).put("total", total);
        return cut;
    }

    static JsonNode parse(String json) {
        try {
            return RealData.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant updated(JsonNode issue) {
        return ToolTime.parse(issue.get("fields").get("updated").asText());
    }

    static final String WEBHOOK_SECRET = "jira-webhook-secret-for-tests";

    String connector() {
        return PullHarness.saveConnector(serviceToken(), "{\"kind\":\"JIRA\",\"name\":\"merico\",\"baseUrl\":\"" + baseUrl()
                + "\",\"selector\":\"" + SELECTOR + "\",\"token\":\"" + TOKEN + "\",\"webhookSecret\":\"" + WEBHOOK_SECRET + "\"}");
    }

    @Test
    void aReplayOfPulledAndWebhookRowsQueuesExactlyTheEventsTheyQueuedTheFirstTime() {
        String token = serviceToken();
        String id = connector();
        assertThat(sync(id, token).getString("status")).isEqualTo("SUCCEEDED");
        int n = 0;
        for (String f : List.of("jenkins-jira-trigger-plugin/issue_created.json", "jenkins-jira-trigger-plugin/issue_updated_status_updated.json",
                "symphony-app-integrations-jira/issue_updated_status_todo_to_inprogress.json", "symphony-app-integrations-jira/sprint_started.json")) {
            byte[] body = RealData.json("jira-webhooks/" + f).toString().getBytes(StandardCharsets.UTF_8);
            given().header("X-Hub-Signature", HmacSha256.sign(WEBHOOK_SECRET, body)).header("X-Atlassian-Webhook-Identifier", "replay-" + (++n))
                    .contentType("application/json").body(body).post("/webhooks/jira/" + id).then().statusCode(202);
        }
        List<String> first = PullHarness.outboxRows(pool, id, 0);
        assertThat(first).anyMatch(r -> r.contains(" webhook:jira ") && r.contains("workitem.transitioned"))
                .anyMatch(r -> r.contains(" pull:jira ") && r.contains(":changelog:"));
        long last = PullHarness.assertReplayQueuesTheSameEvents(pool, token, id, first);
        // the first events carried a mapping revision too
        assertThat(PullHarness.revisions(pool, id, 0, last)).hasSize(first.size()).allMatch(r -> r > 0);
    }

    Set<String> expectedIds(String id) {
        JiraMapper mapper = new JiraMapper(ConnectorSettings.defaults(id, ConnectorKind.JIRA, "merico", baseUrl(), SELECTOR));
        Set<String> ids = new TreeSet<>();
        issues.values().forEach(i -> mapper.restIssue(i).events().forEach(e -> ids.add(e.get("id").asText())));
        return ids;
    }

    @Test
    void aSyncPagesByTokenWaitsAsToldStoresEveryIssueWithItsChangelogAndTheNextOneFetchesNothingNew() {
        String token = serviceToken();
        String id = connector();

        JsonPath run = sync(id, token);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");

        // four pages by nextPageToken; page 2 refused once (429), asked again after Retry-After, exactly
        assertThat(requests.stream().filter(r -> !r.contains("/changelog"))).containsExactly("/myself", "/search@" + firstSince() + "#1", "/search@" + firstSince() + "#2",
                "/search@" + firstSince() + "#2", "/search@" + firstSince() + "#3", "/search@" + firstSince() + "#4");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
        // EE-17's changelog, cut short in the search, read whole: 31 entries by 10
        assertThat(requests.stream().filter(r -> r.contains("/changelog"))).containsExactly("/issue/10079/changelog@0",
                "/issue/10079/changelog@10", "/issue/10079/changelog@20", "/issue/10079/changelog@30");
        assertThat(issues.get(CUT_SHORT).get("changelog").get("histories")).hasSize(31);
        // (bodies are kept as text: some recorded ones hold \u0000, which jsonb refuses)
        List<JsonNode> stored = new ArrayList<>();
        pool.preparedQuery("select body from ingest.raw_payload where connector_id = $1 and channel = 'pull:jira'").execute(Tuple.of(id))
                .await().indefinitely().forEach(r -> stored.add(parse(r.getString(0))));
        assertThat(stored).filteredOn(b -> b.get("id").asText().equals(CUT_SHORT)).singleElement()
                .satisfies(b -> assertThat(b.get("changelog").get("histories")).hasSize(31));
        String basic = "Basic " + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).allMatch(basic::equals);

        // every recorded issue's upsert and status changes, exactly
        Set<String> expected = expectedIds(id);
        assertThat(outbox(pool, id).keySet()).isEqualTo(expected);
        assertThat(expected).hasSize(EXPECTED_EVENTS);
        // EE-20's four status changes, from its embedded changelog, at each entry's created time
        String site = "127.0.0.1";
        assertThat(transitions(id, "jira:" + site + ":EE-20")).containsExactly(
                "jira:" + site + ":10082:changelog:10946 Inbox->To Do@2020-06-12T04:58:47.654Z",
                "jira:" + site + ":10082:changelog:11010 To Do->Open@2020-06-12T05:01:20.811Z",
                "jira:" + site + ":10082:changelog:11595 Open->Closed@2020-06-17T07:25:54.426Z",
                "jira:" + site + ":10082:changelog:86193 Closed->已完成@2021-03-28T08:05:57.832Z");
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and channel = 'pull:jira'", id))
                .isEqualTo(issues.size());
        assertThat(count(pool, "select count(*) from ingest.raw_payload where connector_id = $1 and (headers::text like $2 or body like $2)",
                id, "%ATATT-test-token%")).isZero();
        assertThat(run.getInt("stored")).isEqualTo(issues.size());
        assertThat(run.getInt("events")).isEqualTo(expected.size());
        assertThat(run.getInt("progress.search.pages")).isEqualTo(4);

        // the cursor: the newest update (K5-3, 06:31:38.612 +0800)
        assertThat(cursor(pool, id, "search")).isEqualTo("2022-07-15T22:31:38.612Z");
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.lastError", equalTo(null));

        // the second sync asks from the cursor's minute in the user's zone: K5-3 and K5-4 come again, nothing is stored
        requests.clear();
        var before = outbox(pool, id);
        JsonPath second = sync(id, token);
        assertThat(second.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(second.getInt("stored")).isZero();
        assertThat(second.getInt("items")).isEqualTo(2);
        assertThat(requests).containsExactly("/myself", "/search@2022/07/16 06:31#1");
        assertThat(outbox(pool, id)).isEqualTo(before);

        // EE-20 moved on since: the third sync stores its new version and its new status change, only that
        ObjectNode ee20 = issues.get("10082").deepCopy();
        ((ObjectNode) ee20.get("fields")).put("updated", "2022-08-01T09:30:00.000+0800");
        ObjectNode history = ((ArrayNode) ee20.get("changelog").get("histories")).insertObject(0);
        history.put("id", "99001").put("created", "2022-08-01T09:30:00.000+0800");
        history.putArray("items").addObject().put("field", "status").put("fieldtype", "jira").put("fieldId", "status")
                .put("from", "10001").put("fromString", "已完成").put("to", "3").put("toString", "In Progress");
        issues.put("10082", ee20);
        JsonPath third = sync(id, token);
        assertThat(third.getInt("stored")).isEqualTo(1);
        // the new version carries the old changes again (same ids: the consumer keeps them once) and the new one
        assertThat(transitions(id, "jira:" + site + ":EE-20").stream().distinct()).hasSize(5)
                .contains("jira:" + site + ":10082:changelog:99001 已完成->In Progress@2022-08-01T01:30:00Z");
        assertThat(cursor(pool, id, "search")).isEqualTo("2022-08-01T01:30:00Z");
    }

    /** The JQL date of a first sync: the backfill horizon in the user's zone (the test clock stands still). */
    String firstSince() {
        return DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").format(clock.now().minus(Duration.ofDays(5000)).atZone(USER_ZONE));
    }

    /** 33 upserts and the status changes of their embedded changelogs: 165 in board 8, none in board 93 (epic links only). */
    static final int EXPECTED_EVENTS = 33 + 165;

    /** The transitions queued for one item, "id from->to@at", in time order. */
    List<String> transitions(String connectorId, String itemId) {
        List<String> out = new ArrayList<>();
        pool.preparedQuery("""
                select o.event_id, o.payload::jsonb -> 'data' as d from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.event_type = 'workitem.transitioned' and o.payload::jsonb -> 'data' ->> 'itemId' = $2
                order by o.payload::jsonb -> 'data' ->> 'at'""").execute(Tuple.of(connectorId, itemId)).await().indefinitely()
                .forEach(r -> {
                    JsonObject d = (JsonObject) r.getValue("d");
                    out.add(r.getString("event_id") + " " + d.getString("fromStatus") + "->" + d.getString("toStatus") + "@" + d.getString("at"));
                });
        return out;
    }

    // --- the connection test (issue 24) ---------------------------------------------------------------------------

    @Test
    void aConnectionTestWithTheRightTokenAndAReadableJqlPasses() {
        JsonPath test = PullHarness.testConnection(pool, "JIRA", baseUrl(), SELECTOR, TOKEN);
        assertThat(test.getBoolean("ok")).as(test.prettify()).isTrue();
        assertThat(test.getList("checks.name")).containsExactly("address", "credentials", "selector");
        assertThat(test.getList("checks.ok", Boolean.class)).containsOnly(true);
        assertThat(requests).containsExactly("/myself", "/search/jql?" + SELECTOR);
    }

    @Test
    void aConnectionTestWithARefusedTokenSaysSo() {
        JsonPath test = PullHarness.testConnection(pool, "JIRA", baseUrl(), SELECTOR, "flowlens@example.com:revoked");
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, false, false);
        assertThat(test.getString("checks[1].message"))
                .isEqualTo("GET /rest/api/3/myself answered 401 (the connector's token was refused: check it)");
        assertThat(test.getString("checks[2].message")).isEqualTo("not checked: the credentials were refused");
        assertThat(requests).containsExactly("/rest/api/3/myself");
    }

    @Test
    void aConnectionTestWithAProjectTheTokenCannotReadSaysWhatJiraSaid() {
        JsonPath test = PullHarness.testConnection(pool, "JIRA", baseUrl(), "project = SECRET", TOKEN);
        assertThat(test.getBoolean("ok")).isFalse();
        assertThat(test.getList("checks.ok", Boolean.class)).containsExactly(true, true, false);
        assertThat(test.getString("checks[2].message")).isEqualTo("GET /rest/api/3/search/jql answered 400: "
                + "The value 'SECRET' does not exist for the field 'project'.");
    }
}
