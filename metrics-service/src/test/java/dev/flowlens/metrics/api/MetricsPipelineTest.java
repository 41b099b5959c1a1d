package dev.flowlens.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.flowlens.events.BrokerTopology;
import dev.flowlens.events.FlowChangeNotice;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The whole metrics-service path against the real broker, database and Keycloak: events published to
 * flow.events become facts, and the internal API computes the METRICS.md numbers from them.
 */
@QuarkusTest
class MetricsPipelineTest {
    @Inject
    dev.flowlens.metrics.view.FactCache cache;

    @Inject
    Pool pool;

    @ConfigProperty(name = "flowlens.rabbitmq.vhost")
    String vhost;

    static String upsert(String run, String item, String project, String createdAt) {
        return """
                {"specversion":"1.0","id":"%1$s:up:%2$s","source":"jira/test","type":"workitem.upserted","time":"%4$s",
                 "data":{"itemId":"%1$s:%2$s","key":"%2$s","title":"Item %2$s","itemType":"feature","project":"%3$s",
                         "status":"To Do","createdAt":"%4$s"}}""".formatted(run, item, project, createdAt);
    }

    static String move(String run, String item, int n, String from, String to, String at) {
        return """
                {"specversion":"1.0","id":"%1$s:mv:%2$s:%3$d","source":"jira/test","type":"workitem.transitioned",
                 "time":"%6$s","data":{"itemId":"%1$s:%2$s","fromStatus":"%4$s","toStatus":"%5$s","at":"%6$s"}}"""
                .formatted(run, item, n, from, to, at);
    }

    static String deleted(String run, String item) {
        return """
                {"specversion":"1.0","id":"%1$s:del:%2$s","source":"jira/test","type":"workitem.deleted",
                 "time":"2026-03-06T00:00:00Z","data":{"itemId":"%1$s:%2$s"}}""".formatted(run, item);
    }

    /** The scenario: A done in the window, B in progress, C out of scope, D done but deleted. */
    static List<String> scenario(String run) {
        return List.of(
                upsert(run, "A", "PAY", "2026-03-02T00:00:00Z"),
                move(run, "A", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"),
                move(run, "A", 2, "In Progress", "In Review", "2026-03-04T00:00:00Z"),
                move(run, "A", 3, "In Review", "Done", "2026-03-05T00:00:00Z"),
                upsert(run, "B", "PAY", "2026-03-02T00:00:00Z"),
                move(run, "B", 1, "To Do", "In Progress", "2026-03-06T00:00:00Z"),
                upsert(run, "C", "OPS", "2026-03-02T00:00:00Z"),
                move(run, "C", 1, "To Do", "Done", "2026-03-04T00:00:00Z"),
                upsert(run, "D", "PAY", "2026-03-02T00:00:00Z"),
                move(run, "D", 1, "To Do", "Done", "2026-03-04T00:00:00Z"),
                deleted(run, "D"));
    }

    void publish(List<String> events) throws Exception {
        FlowEventsBroker.publish(vhost, events);
    }

    /** As ingest-service's relay sends them: events of one type in CloudEvents batch messages. */
    void publishBatches(List<String> events, int perMessage) throws Exception {
        Map<String, List<String>> byType = new java.util.LinkedHashMap<>();
        for (String e : events) {
            byType.computeIfAbsent(JsonPath.from(e).getString("type"), t -> new ArrayList<>()).add(e);
        }
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            for (Map.Entry<String, List<String>> type : byType.entrySet()) {
                List<String> all = type.getValue();
                for (int from = 0; from < all.size(); from += perMessage) {
                    List<String> message = all.subList(from, Math.min(all.size(), from + perMessage));
                    ch.basicPublish(BrokerTopology.FLOW_EVENTS_EXCHANGE, type.getKey(),
                            new AMQP.BasicProperties.Builder().contentType(BrokerTopology.CLOUDEVENTS_BATCH_JSON)
                                    .deliveryMode(2).headers(Map.of(BrokerTopology.CE_ID_HEADER,
                                            JsonPath.from(message.get(0)).getString("id"),
                                            BrokerTopology.CE_COUNT_HEADER, message.size())).build(),
                            ("[" + String.join(",", message) + "]").getBytes(StandardCharsets.UTF_8));
                }
            }
            ch.waitForConfirmsOrDie(10_000);
        }
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    long transitionsOf(String run) {
        return pool.preparedQuery("select count(*) from metrics.transition where item_id like $1")
                .execute(Tuple.of(run + ":%")).await().indefinitely().iterator().next().getLong(0);
    }

    String saveStream(String id) {
        String body = """
                {"id":"%s","name":"Payments","scope":{"projects":["pay"]},
                 "stages":[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE"},
                           {"name":"Review","statuses":["in review "],"kind":"WAITING"}],
                 "doneStatuses":["Done"]}""".formatted(id);
        return given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body(body)
                .put("/internal/v1/value-streams").then().statusCode(200)
                .body("productionEnvironments", equalTo(List.of("production", "prod")))
                .extract().path("id");
    }

    JsonPath flow(String token, String streamId) {
        String body = """
                {"valueStreamIds":["%s","no-such-stream"],
                 "window":{"from":"2026-03-01T00:00:00Z","to":"2026-03-15T00:00:00Z","granularity":"WEEK"}}"""
                .formatted(streamId);
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/internal/v1/metrics/flow").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void eventsInAnyOrderWithDuplicatesGiveTheHandComputedFlowMetrics() throws Exception {
        String run = "t" + UUID.randomUUID();
        List<String> events = new ArrayList<>(scenario(run));
        events.addAll(scenario(run).subList(0, 5)); // duplicates
        Collections.shuffle(events, new Random(7));
        publish(events);
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(run) == 6);

        String id = saveStream("vs-" + run);
        JsonPath m = flow(Keycloak.gatewayService(), id);
        assertThat(m.getMap("")).containsOnlyKeys(id);
        String p = "'" + id + "'.";
        // METRICS.md "Flow velocity": only A ends (03-05) in [03-01, 03-15); C is out of scope, D deleted.
        assertThat(m.getInt(p + "velocity")).isEqualTo(1);
        // "Flow load" at the window's end: B is in an ACTIVE status.
        assertThat(m.getInt(p + "load")).isEqualTo(1);
        // Weeks start on Monday; 2026-03-01 is a Sunday, so the first and last buckets are cut.
        assertThat(m.getList(p + "velocitySeries.start")).containsExactly(
                "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z");
        assertThat(m.getList(p + "velocitySeries.value", Float.class)).containsExactly(0f, 1f, 0f);
        // Load at each bucket's end (strict "< t"): nothing exists before 03-02; B in progress after.
        assertThat(m.getList(p + "loadSeries.value", Float.class)).containsExactly(0f, 1f, 1f);
        // A: flow start 03-03, end 03-05: 2 days, 1 of them active.
        assertThat(m.getFloat(p + "flowTime.p50")).isEqualTo(172800f);
        assertThat(m.getFloat(p + "flowEfficiency")).isEqualTo(0.5f);

        // A re-post of everything, in another order, changes nothing.
        Collections.shuffle(events, new Random(11));
        publish(events);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> transitionsOf(run) == 6);
        assertThat(flow(Keycloak.gatewayService(), id).getMap("")).isEqualTo(m.getMap(""));
    }

    @Test
    void batchMessagesWithSeveralEventsOfOneEntityGiveTheSameMetricsAsSingleEvents() throws Exception {
        String single = "s" + UUID.randomUUID();
        String batched = "b" + UUID.randomUUID();
        List<String> singles = new ArrayList<>(scenario(single));
        Collections.shuffle(singles, new Random(3));
        publish(singles);
        // the same scenario, shuffled, with duplicates, in batches: one message holds several transitions of one
        // item and the duplicate of an event it also holds, and the upserts of A twice over
        List<String> batches = new ArrayList<>(scenario(batched));
        batches.addAll(scenario(batched).subList(0, 5));
        Collections.shuffle(batches, new Random(5));
        publishBatches(batches, 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(single) == 6 && transitionsOf(batched) == 6);

        // the two runs differ only in their item ids' prefix, and streams select by project: compare item by item
        String sql = "select key, status, to_char(created_at, 'YYYY-MM-DD') from metrics.work_item where item_id like $1"
                + " and not exists (select 1 from metrics.deleted_item d where d.item_id = work_item.item_id)"
                + " order by item_id";
        List<String> a = pool.preparedQuery(sql).execute(Tuple.of(single + ":%")).await().indefinitely()
                .stream().map(r -> r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2)).toList();
        List<String> b = pool.preparedQuery(sql).execute(Tuple.of(batched + ":%")).await().indefinitely()
                .stream().map(r -> r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2)).toList();
        assertThat(a).hasSize(3).isEqualTo(b);
        String moves = "select substring(event_id from position(':' in event_id)), from_status, to_status, at"
                + " from metrics.transition where item_id like $1 order by 1";
        assertThat(pool.preparedQuery(moves).execute(Tuple.of(batched + ":%")).await().indefinitely().stream()
                .map(r -> r.deepToString()).toList())
                .isEqualTo(pool.preparedQuery(moves).execute(Tuple.of(single + ":%")).await().indefinitely()
                        .stream().map(r -> r.deepToString()).toList());
    }

    /** An event's JSON with the mapping revision ingest-service stamps (the flowlensmapped extension). */
    static String mapped(String event, String mappedAt) {
        return event.replaceFirst("\\{", "{\"flowlensmapped\":\"" + mappedAt + "\",");
    }

    static final String OLD_MAPPING = "2026-04-01T08:00:00.000001Z";
    static final String NEW_MAPPING = "2026-04-02T08:00:00Z";

    /**
     * Item X of a run as the old mapping said it (revision OLD_MAPPING): a feature, started 03-03, ending in a status
     * "Finished" that is no done status; and change/deployment facts with a wrong repository and status.
     */
    static List<String> oldMapping(String run, String project) {
        return List.of(
                mapped(upsertOf(run, "X", project, "feature"), OLD_MAPPING),
                mapped(move(run, "X", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"), OLD_MAPPING),
                mapped(move(run, "X", 2, "In Progress", "Finished", "2026-03-05T00:00:00Z"), OLD_MAPPING),
                mapped(merged(run, "old/repo"), OLD_MAPPING),
                mapped(deployment(run, "failure"), OLD_MAPPING));
    }

    /** The same event ids after the mapping fix (revision NEW_MAPPING): a defect, started 03-04 (corrected time), done. */
    static List<String> newMapping(String run, String project) {
        return List.of(
                mapped(upsertOf(run, "X", project, "defect"), NEW_MAPPING),
                mapped(move(run, "X", 1, "To Do", "In Progress", "2026-03-04T00:00:00Z"), NEW_MAPPING),
                mapped(move(run, "X", 2, "In Progress", "Done", "2026-03-05T00:00:00Z"), NEW_MAPPING),
                mapped(merged(run, "acme/payments"), NEW_MAPPING),
                mapped(deployment(run, "success"), NEW_MAPPING));
    }

    static String upsertOf(String run, String item, String project, String itemType) {
        return upsert(run, item, project, "2026-03-02T00:00:00Z").replace("\"itemType\":\"feature\"",
                "\"itemType\":\"" + itemType + "\"");
    }

    static String merged(String run, String repository) {
        return """
                {"specversion":"1.0","id":"%1$s:merged","source":"github/test","type":"change.merged",
                 "time":"2026-03-04T00:00:00Z","data":{"changeId":"%1$s:pr1","repository":"%2$s","createdAt":"2026-03-03T00:00:00Z",
                 "mergedAt":"2026-03-04T00:00:00Z","mergeCommitSha":"%1$s-sha"}}""".formatted(run, repository);
    }

    static String deployment(String run, String status) {
        return """
                {"specversion":"1.0","id":"%1$s:deploy","source":"github/test","type":"deployment.finished",
                 "time":"2026-03-05T00:00:00Z","data":{"deploymentId":"%1$s:d1","service":"payments","environment":"production",
                 "status":"%2$s","finishedAt":"2026-03-05T00:00:00Z","commitShas":["%1$s-sha"]}}""".formatted(run, status);
    }

    /** The facts of a run, without its prefix, with their revisions and txids: what a replay may change. */
    List<String> factsOf(String run, boolean withTxid) {
        String sql = """
                select 'item ' || item_type || ' ' || status || ' rev ' || upsert_revision, txid
                  from metrics.work_item where item_id like $1
                union all select 'move ' || replace(event_id, $2, '') || ' ' || replace(item_id, $2, '') || ' '
                       || coalesce(from_status, '-') || ' > ' || to_status || ' at ' || to_char(at at time zone 'UTC', 'MM-DD')
                       || ' rev ' || revision, txid from metrics.transition where event_id like $1
                union all select 'change ' || repository || ' rev ' || fact_revision, txid from metrics.change where change_id like $1
                union all select 'deploy ' || status || ' rev ' || fact_revision, txid from metrics.deployment
                  where deployment_id like $1
                order by 1""";
        return pool.preparedQuery(sql).execute(Tuple.of(run + ":%", run)).await().indefinitely().stream()
                .map(r -> r.getString(0) + (withTxid ? " txid " + r.getLong(1) : "")).toList();
    }

    String saveProjectStream(String id, String project) {
        return given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                {"id":"%s","name":"Replayed","scope":{"projects":["%s"]},
                 "stages":[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE"}],"doneStatuses":["Done"]}"""
                .formatted(id, project)).put("/internal/v1/value-streams").then().statusCode(200).extract().path("id");
    }

    static long rev(String mappedAt) {
        return dev.flowlens.events.FlowEvent.revisionOf(Instant.parse(mappedAt));
    }

    @Test
    void aNewerMappingOfTheSameEventsReplacesTheirFactsAndTheServedMetricsWhateverTheOrder() throws Exception {
        long oldRev = rev(OLD_MAPPING);
        long newRev = rev(NEW_MAPPING);
        List<String> expectedOld = List.of(
                "change old/repo rev " + oldRev,
                "deploy failure rev " + oldRev,
                "item feature To Do rev " + oldRev,
                "move :mv:X:1 :X To Do > In Progress at 03-03 rev " + oldRev,
                "move :mv:X:2 :X In Progress > Finished at 03-05 rev " + oldRev);
        List<String> expectedNew = List.of(
                "change acme/payments rev " + newRev,
                "deploy success rev " + newRev,
                "item defect To Do rev " + newRev,
                "move :mv:X:1 :X To Do > In Progress at 03-04 rev " + newRev,
                "move :mv:X:2 :X In Progress > Done at 03-05 rev " + newRev);

        // first ingest, then a replay after the mapping fix
        String run = "r" + UUID.randomUUID();
        String project = "rp" + run.substring(1, 9);
        String stream = saveProjectStream("vs-" + run, project);
        publishBatches(oldMapping(run, project), 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(run, false).equals(expectedOld));
        // "Finished" is no done status: nothing ends, X is still counted as work in progress
        JsonPath before = flow(Keycloak.gatewayService(), stream);
        assertThat(before.getInt("'" + stream + "'.velocity")).isZero();

        publishBatches(newMapping(run, project), 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(run, false).equals(expectedNew));
        assertThat(count("select count(*) from metrics.transition where event_id like $1", run + ":%")).isEqualTo(2);
        // the served metrics follow: X ends on 03-05 as a defect, its flow time from the corrected start (03-04) is 1 day
        String p = "'" + stream + "'.";
        await().atMost(Duration.ofSeconds(10)).until(() -> flow(Keycloak.gatewayService(), stream).getInt(p + "velocity") == 1);
        JsonPath after = flow(Keycloak.gatewayService(), stream);
        assertThat(after.getInt(p + "velocityByType.find { it.itemType == 'DEFECT' }.count")).isEqualTo(1);
        assertThat(after.getInt(p + "velocityByType.find { it.itemType == 'FEATURE' }.count")).isZero();
        assertThat(after.getFloat(p + "flowTime.p50")).isEqualTo(86400f);

        // the reverse order (the newer mapping arrives first, then the old one): the newer mapping stays
        String reversed = "q" + UUID.randomUUID();
        String reversedProject = "rp" + reversed.substring(1, 9);
        String reversedStream = saveProjectStream("vs-" + reversed, reversedProject);
        publishBatches(newMapping(reversed, reversedProject), 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(reversed, false).equals(expectedNew));
        List<String> settled = factsOf(reversed, true);
        publish(oldMapping(reversed, reversedProject));
        // the old versions are consumed (a marker published after them is stored; the consumer runs messages
        // concurrently, so the facts must also hold still a while) and change nothing, not even a txid
        String marker = mapped(move(reversed + "m", "M", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"), OLD_MAPPING);
        publish(List.of(marker));
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(reversed + "m") == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> factsOf(reversed, true).equals(settled));
        String q = "'" + reversedStream + "'.";
        await().atMost(Duration.ofSeconds(10)).until(() -> flow(Keycloak.gatewayService(), reversedStream).getInt(q + "velocity") == 1);
        JsonPath reversedMetrics = flow(Keycloak.gatewayService(), reversedStream);
        assertThat(reversedMetrics.getMap("'" + reversedStream + "'")).isEqualTo(after.getMap("'" + stream + "'"));

        // the same revision again (a redelivery, or a replay's event sent twice): nothing changes, not even a txid
        List<String> settledRun = factsOf(run, true);
        publishBatches(newMapping(run, project), 3);
        String marker2 = mapped(move(run + "m", "M", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"), NEW_MAPPING);
        publish(List.of(marker2));
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(run + "m") == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> factsOf(run, true).equals(settledRun));
    }

    @Test
    void aNewerMappingThatMovesATransitionToAnotherItemTakesItOffTheOldItemInTheServedMetrics() throws Exception {
        String run = "m" + UUID.randomUUID();
        String project = "mv" + run.substring(1, 9);
        String stream = saveProjectStream("vs-" + run, project);
        String p = "'" + stream + "'.";
        // the old mapping put "Done" on item A; it belongs to item B
        String done = """
                {"specversion":"1.0","id":"%1$s:done","source":"jira/test","type":"workitem.transitioned",
                 "time":"2026-03-05T00:00:00Z","data":{"itemId":"%1$s:%2$s","fromStatus":"In Progress","toStatus":"Done",
                 "at":"2026-03-05T00:00:00Z"}}""";
        publish(List.of(
                mapped(upsert(run, "A", project, "2026-03-02T00:00:00Z"), OLD_MAPPING),
                mapped(upsert(run, "B", project, "2026-03-02T00:00:00Z"), OLD_MAPPING),
                mapped(move(run, "A", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"), OLD_MAPPING),
                mapped(move(run, "B", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"), OLD_MAPPING),
                mapped(done.formatted(run, "A"), OLD_MAPPING)));
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(run) == 3);
        // A is done, B in progress: B is the aging work in progress
        await().atMost(Duration.ofSeconds(10)).until(() -> agingItems(stream).equals(List.of(run + ":B")));
        assertThat(flow(Keycloak.gatewayService(), stream).getInt(p + "velocity")).isEqualTo(1);

        publish(List.of(mapped(done.formatted(run, "B"), NEW_MAPPING)));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from metrics.transition where event_id = $1 and item_id = $2", run + ":done", run + ":B") == 1);
        assertThat(transitionsOf(run)).isEqualTo(3);
        // the cache took "Done" off A (not only put it on B): A is in progress again, B is done
        await().atMost(Duration.ofSeconds(10)).until(() -> agingItems(stream).equals(List.of(run + ":A")));
        assertThat(flow(Keycloak.gatewayService(), stream).getInt(p + "velocity")).isEqualTo(1);
        assertThat(flow(Keycloak.gatewayService(), stream).getInt(p + "load")).isEqualTo(1);
    }

    List<String> agingItems(String stream) {
        return given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json")
                .body("{\"valueStreamIds\":[\"" + stream + "\"]}").post("/internal/v1/metrics/aging-wip")
                .then().statusCode(200).extract().jsonPath().getList("'" + stream + "'.itemId", String.class);
    }

    @Test
    void aBatchWithAnInvalidEventKeepsItsValidEventsAndIsDeadLetteredNamingTheEvent() throws Exception {
        String run = "v" + UUID.randomUUID();
        String poison = "{\"specversion\":\"1.0\",\"id\":\"" + run + ":poison\",\"type\":\"workitem.transitioned\"}";
        publishBatches(List.of(move(run, "X", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"), poison,
                move(run, "X", 2, "In Progress", "Done", "2026-03-04T00:00:00Z")), 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(run) == 2);
        String token = Keycloak.gatewayService();
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token).get("/internal/v1/dead-letters")
                .then().extract().jsonPath().getList("ceId", String.class).contains(run + ":mv:X:1"));
        Map<String, Object> dead = given().auth().oauth2(token).get("/internal/v1/dead-letters").then().extract()
                .jsonPath().<Map<String, Object>>getList("").stream()
                .filter(m -> (run + ":mv:X:1").equals(m.get("ceId"))).findFirst().orElseThrow();
        assertThat(dead.get("reason")).isEqualTo("rejected");
        assertThat(String.valueOf(dead.get("error"))).startsWith("not a valid flow event: event 1 of the batch: ");
        assertThat(String.valueOf(dead.get("body"))).startsWith("[").contains(run + ":poison");
    }

    @Test
    void textWithANulCharacterIsStoredWithoutIt() throws Exception {
        String run = "z" + UUID.randomUUID();
        // as in DevLake's recorded Jira data: a summary with U+0000, which PostgreSQL's text cannot hold
        publishBatches(List.of(upsert(run, "A", "PAY", "2026-03-02T00:00:00Z").replace("\"title\":\"",
                "\"title\":\"nul\\u0000here ")), 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery(
                "select count(*) from metrics.work_item where item_id = $1").execute(Tuple.of(run + ":A")).await()
                .indefinitely().iterator().next().getLong(0) == 1);
        assertThat(pool.preparedQuery("select title from metrics.work_item where item_id = $1")
                .execute(Tuple.of(run + ":A")).await().indefinitely().iterator().next().getString(0))
                .startsWith("nulhere ");
    }

    @Test
    void eventsTheDatabaseRefusesForGoodAreDeadLetteredWithoutHoldingBackTheirBatch() throws Exception {
        String run = "r" + UUID.randomUUID();
        // a project name too large for the work_item_project index: valid as an event, refused by PostgreSQL (54000)
        String huge = upsert(run, "H", "P".repeat(9000), "2026-03-02T00:00:00Z");
        publishBatches(List.of(move(run, "X", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"), huge,
                upsert(run, "X", "PAY", "2026-03-02T00:00:00Z"),
                move(run, "X", 2, "In Progress", "Done", "2026-03-04T00:00:00Z")), 10);
        // the others are stored at once, not after minutes of retries
        await().atMost(Duration.ofSeconds(15)).until(() -> transitionsOf(run) == 2 && pool.preparedQuery(
                "select count(*) from metrics.work_item where item_id = $1").execute(Tuple.of(run + ":X")).await()
                .indefinitely().iterator().next().getLong(0) == 1);
        String token = Keycloak.gatewayService();
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token).get("/internal/v1/dead-letters")
                .then().extract().jsonPath().getList("body", String.class).stream()
                .anyMatch(b -> b.contains(run + ":up:H")));
        assertThat(pool.preparedQuery("select count(*) from metrics.work_item where item_id = $1")
                .execute(Tuple.of(run + ":H")).await().indefinitely().iterator().next().getLong(0)).isZero();
    }

    @Test
    void valueStreamsAreValidatedSavedListedAndDeleted() {
        String token = Keycloak.gatewayService();
        given().auth().oauth2(token).contentType("application/json").body("""
                {"name":"Broken","stages":[{"name":"A","statuses":["Doing"],"kind":"ACTIVE"},
                                           {"name":"B","statuses":["doing"],"kind":"WAITING"}],"doneStatuses":["Done"]}""")
                .put("/internal/v1/value-streams").then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("doing"))
                .body("violations.field", hasItem("stages[1].statuses[0]"));
        given().auth().oauth2(token).contentType("application/json").body("""
                {"name":"Limits","stages":[{"name":"A","statuses":["Doing"],"kind":"ACTIVE","wipLimit":-1}],
                 "doneStatuses":["Done"],"sle":{"days":0,"percentile":85}}""")
                .put("/internal/v1/value-streams").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("stages[0].wipLimit", "sle.days"));
        String withSle = given().auth().oauth2(token).contentType("application/json").body("""
                {"name":"Limits","stages":[{"name":"A","statuses":["Doing"],"kind":"ACTIVE","wipLimit":3}],
                 "doneStatuses":["Done"],"sle":{"days":2.5,"percentile":85}}""")
                .put("/internal/v1/value-streams").then().statusCode(200)
                .body("sle.days", equalTo(2.5f)).body("sle.percentile", equalTo(85))
                .body("stages[0].wipLimit", equalTo(3)).extract().path("id");
        given().auth().oauth2(token).get("/internal/v1/value-streams/" + withSle).then().statusCode(200)
                .body("sle.days", equalTo(2.5f)).body("stages[0].wipLimit", equalTo(3));
        given().auth().oauth2(token).delete("/internal/v1/value-streams/" + withSle).then().statusCode(200);
        String id = saveStream("crud-" + UUID.randomUUID());
        given().auth().oauth2(token).get("/internal/v1/value-streams").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(token).get("/internal/v1/value-streams/" + id).then().statusCode(200)
                .body("stages[1].statuses[0]", equalTo("in review "));
        given().auth().oauth2(token).delete("/internal/v1/value-streams/" + id).then().statusCode(200)
                .body("deleted", equalTo(true));
        given().auth().oauth2(token).get("/internal/v1/value-streams/" + id).then().statusCode(404);
        given().auth().oauth2(token).delete("/internal/v1/value-streams/" + id).then().body("deleted", equalTo(false));
    }

    @Test
    void everyNewStreamLoadsItsItemsHoweverManyCameBefore() throws Exception {
        // Each new stream's items are read in a poll with the first load's statement; pgjdbc prepares a statement on
        // the server from its fifth use on one connection and then sends bytea in binary. Sixteen loads over the
        // poller's pool of at most three connections pass that point on at least one of them.
        String run = "n" + UUID.randomUUID();
        publish(scenario(run));
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(run) == 6);
        List<String> ids = new ArrayList<>();
        try {
            Map<String, Object> first = null;
            for (int i = 0; i < 16; i++) {
                String id = saveStream("load-" + i + "-" + run);
                ids.add(id);
                Map<String, Object> m = flow(Keycloak.gatewayService(), id).getMap("'" + id + "'");
                // the scenario's item A ends in the window: a stream whose items failed to load would not count it
                assertThat(((Number) m.get("velocity")).intValue()).as("velocity of stream %d", i).isGreaterThanOrEqualTo(1);
                if (first == null) {
                    first = m;
                } else {
                    assertThat(m).as("stream %d, the same scope as stream 0", i).isEqualTo(first);
                }
            }
            // answers for a stream the cache has not taken in yet come from the database: the cache must take them all
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cache.snapshot().streams().keySet().containsAll(ids));
        } finally {
            ids.forEach(id -> given().auth().oauth2(Keycloak.gatewayService()).delete("/internal/v1/value-streams/" + id));
        }
    }

    @Test
    void badWindowsAreAClear400() {
        given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                {"valueStreamIds":["x"],"window":{"from":"2026-03-15T00:00:00Z","to":"2026-03-01T00:00:00Z"}}""")
                .post("/internal/v1/metrics/flow").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("window.to must be after window.from"))
                .body("violations[0].field", equalTo("window.to"))
                .body("violations[0].message", equalTo("must be after window.from"));
    }

    @Test
    void onlyServiceTokensMayCallTheInternalApi() {
        given().get("/internal/v1/value-streams").then().statusCode(401);
        given().auth().oauth2("garbage").get("/internal/v1/value-streams").then().statusCode(401);
        // a user's token, an admin's too, is meant for the gateway (audience), never for this service
        given().auth().oauth2(Keycloak.user("admin")).get("/internal/v1/value-streams").then().statusCode(401);
    }

    @Test
    void aMessageThatIsNotAnEventIsDeadLetteredAndTheStreamBehindItFlows() throws Exception {
        String run = "p" + UUID.randomUUID();
        String poison = "{\"specversion\":\"1.0\",\"id\":\"" + run + ":poison\",\"type\":\"workitem.transitioned\"}";
        List<String> events = new ArrayList<>();
        events.add(poison);
        events.add(move(run, "X", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z"));
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        publish(events);
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(run) == 1);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            List<String> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                GetResponse r = ch.basicGet(BrokerTopology.METRICS_DEAD_LETTER_QUEUE, true);
                if (r != null) {
                    dead.add(new String(r.getBody(), StandardCharsets.UTF_8));
                }
                return dead.contains(poison);
            });
        }
    }

    @Test
    void newFactsAreAnnouncedOnFlowChangesWithTheStreamsVelocityLoadAndGroups() throws Exception {
        String run = "n" + UUID.randomUUID();
        String id = "vs-" + run;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String d10 = now.minus(10, ChronoUnit.DAYS).toString();
        String d5 = now.minus(5, ChronoUnit.DAYS).toString();
        String d2 = now.minus(2, ChronoUnit.DAYS).toString();
        String project = "ann" + run.substring(1, 9);
        List<FlowChangeNotice> notices = new CopyOnWriteArrayList<>();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            // our own server-named, exclusive queue: a running gateway's queue is not touched
            String queue = ch.queueDeclare().getQueue();
            // declared as the service declares it (fanout, durable), since the service does so only with its
            // first notice: on a fresh broker this test may come first
            ch.exchangeDeclare(BrokerTopology.FLOW_CHANGES_EXCHANGE, "fanout", true);
            ch.queueBind(queue, BrokerTopology.FLOW_CHANGES_EXCHANGE, "");
            ch.basicConsume(queue, true, (tag, delivery) -> {
                FlowChangeNotice n = FlowChangeNotice.fromJson(delivery.getBody());
                if (n.valueStreamId().equals(id)) {
                    notices.add(n);
                }
            }, tag -> { });
            given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                    {"id":"%s","name":"Announced","scope":{"projects":["%s"]},
                     "stages":[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE"}],
                     "doneStatuses":["Done"],"visibleToGroups":["payments"]}""".formatted(id, project))
                    .put("/internal/v1/value-streams").then().statusCode(200);
            publish(List.of(
                    upsert(run, "A", project, d10), move(run, "A", 1, "To Do", "In Progress", d5),
                    move(run, "A", 2, "In Progress", "Done", d2),
                    upsert(run, "B", project, d10), move(run, "B", 1, "To Do", "In Progress", d5)));

            await().atMost(Duration.ofSeconds(15)).until(() -> notices.stream()
                    .anyMatch(n -> n.velocity() == 1 && n.load() == 1));
        }
        FlowChangeNotice last = notices.get(notices.size() - 1);
        // saved as "payments": stored and announced as the group's full path
        assertThat(last.visibleToGroups()).containsExactly("/payments");
        assertThat(last.at()).isBetween(now.minusSeconds(60), Instant.now());
        // debounced: never two notices for one stream within one announcement interval (1 s)
        for (int i = 1; i < notices.size(); i++) {
            assertThat(Duration.between(notices.get(i - 1).at(), notices.get(i).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void anOperatorListsDeadLettersWithTheirErrorAndReDrivesThemIntoFacts() throws Exception {
        String run = "d" + UUID.randomUUID();
        String poison = "{\"specversion\":\"1.0\",\"id\":\"" + run + ":poison\",\"type\":\"workitem.transitioned\"}";
        String good = move(run, "Y", 1, "To Do", "In Progress", "2026-03-03T00:00:00Z");
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.queuePurge(BrokerTopology.METRICS_DEAD_LETTER_QUEUE);
            // confirmed: a quorum queue holds a message once its log committed it, not when the channel closes
            ch.confirmSelect();
            // as the broker dead-letters: the original routing key in the death record
            for (String[] m : List.of(new String[] { poison, "rejected" }, new String[] { good, "delivery_limit" })) {
                Map<String, Object> death = Map.of("reason", m[1], "count", 1L, "queue", BrokerTopology.METRICS_QUEUE,
                        "exchange", BrokerTopology.FLOW_EVENTS_EXCHANGE, "routing-keys", List.of("workitem.transitioned"));
                ch.basicPublish("", BrokerTopology.METRICS_DEAD_LETTER_QUEUE, new AMQP.BasicProperties.Builder()
                        .contentType(BrokerTopology.CLOUDEVENTS_JSON).headers(Map.of(
                                BrokerTopology.CE_ID_HEADER, JsonPath.from(m[0]).getString("id"),
                                "x-first-death-reason", m[1], "x-death", List.of(death))).build(),
                        m[0].getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(10_000);
        }
        String token = Keycloak.gatewayService();

        JsonPath listed = given().auth().oauth2(token).get("/internal/v1/dead-letters").then().statusCode(200)
                .extract().jsonPath();

        // other tests of this class may dead-letter their own messages meanwhile: only ours are looked at
        List<Map<String, Object>> ours = listed.<Map<String, Object>>getList("").stream()
                .filter(m -> String.valueOf(m.get("ceId")).startsWith(run)).toList();
        assertThat(ours).extracting(m -> m.get("ceId")).containsExactly(run + ":poison", run + ":mv:Y:1");
        assertThat(ours.get(0).get("reason")).isEqualTo("rejected");
        assertThat(String.valueOf(ours.get(0).get("error"))).startsWith("not a valid flow event: ");
        assertThat(ours.get(1).get("reason")).isEqualTo("delivery_limit");
        assertThat(ours.get(1).get("routingKey")).isEqualTo("workitem.transitioned");
        given().auth().oauth2(Keycloak.user("alice")).get("/internal/v1/dead-letters").then().statusCode(401);
        given().auth().oauth2(token).queryParam("limit", 0).get("/internal/v1/dead-letters").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("limit must be between 1 and 1000"));

        int moved = given().auth().oauth2(token).post("/internal/v1/dead-letters/redrive").then().statusCode(200)
                .extract().path("moved");
        assertThat(moved).isGreaterThanOrEqualTo(2);

        // the good one becomes a fact; the poison is rejected to the DLQ again, alone
        await().atMost(Duration.ofSeconds(30)).until(() -> transitionsOf(run) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token).get("/internal/v1/dead-letters")
                .then().extract().jsonPath().getList("ceId", String.class).stream().filter(id -> id.startsWith(run))
                .toList().equals(List.of(run + ":poison")));
    }

    /** A sample of /q/metrics (Prometheus text), e.g. flowlens_forecasts_abandoned_total{reason="caller-gone"}. */
    static double metric(String name, String labels) {
        String prefix = labels.isEmpty() ? name + " " : name + "{" + labels;
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Issue 21, finding 6b: a forecast whose caller hangs up stops computing. One item finished yesterday gives a
     * throughput of one item in 90 days; a "when" for a million items then runs every one of 100,000 trials to the
     * 3,650-day horizon: 365 million draws, seconds of CPU. The caller sends it on a raw connection, waits until the
     * service is computing it, and closes the connection: the computation is abandoned (counted), not finished.
     */
    @Test
    void aForecastWhoseCallerHangsUpStopsComputing() throws Exception {
        String run = "fc" + UUID.randomUUID();
        String project = "FC" + Long.toHexString(new Random().nextLong() & 0xffffffL).toUpperCase();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        String token = Keycloak.gatewayService();
        String id = given().auth().oauth2(token).contentType("application/json").body("""
                {"name":"Forecast","scope":{"projects":["%s"]},
                 "stages":[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE"}],"doneStatuses":["Done"]}"""
                .formatted(project)).put("/internal/v1/value-streams").then().statusCode(200).extract().path("id");
        publish(List.of(upsert(run, "A", project, today.minus(2, ChronoUnit.DAYS).toString()),
                move(run, "A", 1, "To Do", "Done", today.minus(12, ChronoUnit.HOURS).toString())));
        String small = """
                {"valueStreamIds":["%s"],"forecast":{"itemCount":1,"runs":10,"seed":1}}""".formatted(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token).contentType("application/json")
                .body(small).post("/internal/v1/metrics/forecast").then().statusCode(200).extract().jsonPath()
                .getList("'" + id + "'.points").size() == 3);
        double abandonedBefore = metric("flowlens_forecasts_abandoned_total", "reason=\"caller-gone\"");
        byte[] heavy = """
                {"valueStreamIds":["%s"],"forecast":{"itemCount":1000000,"runs":100000,"seed":1}}"""
                .formatted(id).getBytes(StandardCharsets.UTF_8);

        try (java.net.Socket caller = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            caller.getOutputStream().write(("POST /internal/v1/metrics/forecast HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + heavy.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            caller.getOutputStream().write(heavy);
            caller.getOutputStream().flush();
            await("the service computes the forecast").atMost(Duration.ofSeconds(20))
                    .until(() -> metric("flowlens_forecasts_running", "") >= 1);
        }

        await("the forecast is abandoned").atMost(Duration.ofSeconds(30)).until(() ->
                metric("flowlens_forecasts_abandoned_total", "reason=\"caller-gone\"") == abandonedBefore + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("flowlens_forecasts_running", "") == 0);
    }

    @Test
    void alertsAreRaisedAndEndedLiveOnFlowAlerts() throws Exception {
        String run = "al" + UUID.randomUUID();
        String id = "vs-" + run;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String d10 = now.minus(10, ChronoUnit.DAYS).toString();
        Instant d5 = now.minus(5, ChronoUnit.DAYS);
        String d2 = now.minus(2, ChronoUnit.DAYS).toString();
        String project = "alr" + run.substring(2, 10);
        List<com.fasterxml.jackson.databind.JsonNode> notices = new CopyOnWriteArrayList<>();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            String queue = ch.queueDeclare().getQueue();
            // declared as the service declares it (fanout, durable), since the service does so only with its
            // first notice: on a fresh broker this test may come first
            ch.exchangeDeclare(BrokerTopology.FLOW_ALERTS_EXCHANGE, "fanout", true);
            ch.queueBind(queue, BrokerTopology.FLOW_ALERTS_EXCHANGE, "");
            ch.basicConsume(queue, true, (tag, delivery) -> {
                com.fasterxml.jackson.databind.JsonNode n = mapper.readTree(delivery.getBody());
                if (n.path("alert").path("valueStreamId").asText().equals(id)) {
                    notices.add(n);
                }
            }, tag -> { });
            // a WIP limit of 0 on Build: any item in it is an alert
            given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                    {"id":"%s","name":"Alerted","scope":{"projects":["%s"]},
                     "stages":[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE","wipLimit":0}],
                     "doneStatuses":["Done"],"visibleToGroups":["payments"]}""".formatted(id, project))
                    .put("/internal/v1/value-streams").then().statusCode(200);
            publish(List.of(upsert(run, "A", project, d10), move(run, "A", 1, "To Do", "In Progress", d5.toString())));
            await().atMost(Duration.ofSeconds(20)).until(() -> !notices.isEmpty());
            com.fasterxml.jackson.databind.JsonNode raised = notices.get(0).path("alert");
            assertThat(raised.path("id").asText()).isEqualTo(id + ":WIP_LIMIT:Build:" + d5.getEpochSecond());
            assertThat(raised.path("kind").asText()).isEqualTo("WIP_LIMIT");
            assertThat(raised.path("stage").asText()).isEqualTo("Build");
            assertThat(Instant.parse(raised.path("since").asText())).isEqualTo(d5);
            assertThat(raised.path("until").isNull()).as("raised: open").isTrue();
            assertThat(notices.get(0).path("visibleToGroups").get(0).asText()).isEqualTo("/payments");

            publish(List.of(move(run, "A", 2, "In Progress", "Done", d2)));
            await().atMost(Duration.ofSeconds(20)).until(() -> notices.size() >= 2);
            com.fasterxml.jackson.databind.JsonNode ended = notices.get(1).path("alert");
            assertThat(ended.path("id").asText()).isEqualTo(raised.path("id").asText());
            assertThat(Instant.parse(ended.path("until").asText())).isEqualTo(Instant.parse(d2));
            // the same alert as alerts(window) answers afterwards
            given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                    {"valueStreamIds":["%s"],"window":{"from":"%s","to":"%s"}}""".formatted(id, d10, now.plusSeconds(60)))
                    .post("/internal/v1/metrics/alerts").then().statusCode(200)
                    .body("'" + id + "'.id", org.hamcrest.Matchers.contains(raised.path("id").asText()))
                    .body("'" + id + "'.until", org.hamcrest.Matchers.contains(d2));
        }
        assertThat(notices).hasSize(2);
    }
}
