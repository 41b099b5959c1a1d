package dev.flowlens.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.WorkItem;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.metric.AgingCalculator;
import dev.flowlens.metrics.calc.metric.AlertCalculator;
import dev.flowlens.metrics.calc.metric.DeliveryCalculator;
import dev.flowlens.metrics.calc.metric.DoraCalculator;
import dev.flowlens.metrics.calc.metric.FinishedItems;
import dev.flowlens.metrics.calc.metric.FlowCalculator;
import dev.flowlens.metrics.calc.metric.StageCalculator;
import dev.flowlens.metrics.calc.metric.WorkItemPages;
import dev.flowlens.metrics.facts.FactReader;
import dev.flowlens.metrics.stream.ValueStreamStore;
import dev.flowlens.metrics.view.FactCache;
import dev.flowlens.testsupport.Keycloak;
import dev.flowlens.testsupport.OnVertx;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The fast path (each instance's fact cache, kept up to date by polling) gives exactly the numbers of the
 * straightforward path (every fact read from PostgreSQL by {@link FactReader}, then the calculators' list entry
 * points): random scenarios go through the real broker into the database; once the cache has polled past them, every
 * endpoint's JSON must equal the reference's for random windows and granularities. A second round of events (reopens,
 * deletions, scope changes, new deliveries) and changed and deleted value streams checks the incremental updates.
 */
@QuarkusTest
class CachedMetricsMatchReferenceTest {

    @Inject
    Pool pool;
    @Inject
    FactReader facts;
    @Inject
    ValueStreamStore streamStore;
    @Inject
    FactCache cache;
    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "flowlens.rabbitmq.vhost")
    String vhost;

    @Test
    void everyEndpointEqualsTheStraightforwardComputation() throws Exception {
        String run = "c" + UUID.randomUUID().toString().substring(0, 8);
        long seed = new Random().nextLong();
        RandomEvents ev = new RandomEvents(run, seed);
        ev.items(60);
        ev.delivery(40, 30, 20);
        for (int i = 0; i < 5; i++) {
            ev.delete(ev.itemIds.get(ev.random.nextInt(ev.itemIds.size())));
        }
        publish(ev.drain());

        String token = Keycloak.gatewayService();
        String s1 = saveStream(token, run + "-s1", ev, """
                "scope":{"projects":["%s"],"services":["%s"],"repositories":["%s"]},
                "stages":[{"name":"Ready","statuses":["Ready"],"kind":"WAITING"},
                          {"name":"Build","statuses":["In Progress","Coding"],"kind":"ACTIVE","wipLimit":2},
                          {"name":"Review","statuses":["In Review"],"kind":"WAITING","wipLimit":0},
                          {"name":"Test","statuses":["Testing"],"kind":"ACTIVE"}],
                "doneStatuses":["Done","Closed"],"sle":{"days":3.5,"percentile":85}"""
                .formatted(ev.project(), ev.service(0), ev.repository(0)));
        String s2 = saveStream(token, run + "-s2", ev, """
                "scope":{"projects":["%s"],"teams":["TEAM-A "],"itemTypes":["FEATURE","DEFECT"],
                         "services":["%s","%s"]},
                "stages":[{"name":"Doing","statuses":["in progress","coding","testing"],"kind":"ACTIVE"},
                          {"name":"Waiting","statuses":["ready","in review","blocked"],"kind":"WAITING"}],
                "doneStatuses":["done"],"productionEnvironments":["prod"]"""
                .formatted(ev.project(), ev.service(0), ev.service(1)));
        String s3 = saveStream(token, run + "-s3", ev, """
                "scope":{"projects":["%s"]},
                "stages":[{"name":"Work","statuses":["In Progress"],"kind":"ACTIVE"}],
                "doneStatuses":["Closed"]""".formatted(ev.project()));
        awaitStored(ev);
        awaitCachePolledPastNow();
        // The answers below come from the cache, not from the database fallback for uncached streams.
        assertThat(cache.snapshot().streams()).containsKeys(s1, s2, s3);
        compareEverything(token, List.of(s1, s2, s3), seed, s3);

        // Round 2: more moves (reopens), re-upserts (scope changes), deletions, deliveries; streams change.
        for (int i = 0; i < 25; i++) {
            String id = ev.itemIds.get(ev.random.nextInt(ev.itemIds.size()));
            if (ev.random.nextBoolean()) {
                ev.upsert(id);
            }
            ev.moves(id, 1 + ev.random.nextInt(3));
        }
        ev.items(10);
        ev.delete(ev.itemIds.get(ev.random.nextInt(ev.itemIds.size())));
        ev.delivery(10, 10, 10);
        publish(ev.drain());
        saveStream(token, s2, ev, """
                "scope":{"projects":["%s"],"teams":["team-b"]},
                "stages":[{"name":"Doing","statuses":["in progress","coding"],"kind":"ACTIVE"},
                          {"name":"Review","statuses":["in review"],"kind":"WAITING","wipLimit":1}],
                "doneStatuses":["done","closed"],"sle":{"days":1,"percentile":50}""".formatted(ev.project()));
        given().auth().oauth2(token).delete("/internal/v1/value-streams/" + s3).then().statusCode(200);
        awaitStored(ev);
        awaitCachePolledPastNow();
        assertThat(cache.snapshot().streams()).containsKeys(s1, s2).doesNotContainKey(s3);
        assertThat(cache.snapshot().streams().get(s2).stream().scope().teams()).containsExactly("team-b");
        compareEverything(token, List.of(s1, s2, s3), seed + 1, null);

        // Round 3: only late facts for items already indexed: moves dated before what is known (out of order) and
        // reopens out of done; the day index must move them between days, stages and finishes.
        for (int i = 0; i < 20; i++) {
            ev.lateMoves(ev.itemIds.get(ev.random.nextInt(ev.itemIds.size())));
        }
        publish(ev.drain());
        awaitStored(ev);
        awaitCachePolledPastNow();
        compareEverything(token, List.of(s1, s2, s3), seed + 2, null);
    }

    private void compareEverything(String token, List<String> ids, long seed, String keep) {
        Random r = new Random(seed);
        // Hibernate Reactive runs on a Vert.x context, not on the test's thread
        Map<String, ValueStream> streams = new LinkedHashMap<>(OnVertx.await(() -> streamStore.byIds(ids)));
        assertThat(streams.keySet()).as("streams in the database").hasSize(keep == null ? 2 : 3);
        Map<String, List<WorkItemFacts>> items = new LinkedHashMap<>();
        Map<String, FactReader.DoraFacts> dora = new LinkedHashMap<>();
        Map<String, FactReader.DeliveryInput> delivery = new LinkedHashMap<>();
        for (ValueStream vs : streams.values()) {
            items.put(vs.id(), facts.items(vs).await().indefinitely());
            dora.put(vs.id(), facts.doraFacts(vs).await().indefinitely());
            delivery.put(vs.id(), facts.deliveryFacts(vs).await().indefinitely());
        }
        // the calculators leave titles to the API, which reads them from PostgreSQL: the reference takes them from the
        // items it read (the newest upsert's)
        Map<String, String> titles = new java.util.HashMap<>();
        items.values().forEach(list -> list.forEach(f -> titles.put(f.itemId(), f.title())));
        assertThat(titles.values()).as("titles in the scenario").allMatch(t -> t != null && t.startsWith("Item "));
        Instant now = Instant.now();
        List<Instant> factTimes = new ArrayList<>();
        items.values().forEach(list -> list.forEach(f -> f.transitions().forEach(t -> factTimes.add(t.at()))));
        factTimes.sort(null);
        // Windows still in progress (asOf = now) are left to ViewStateTest and WindowIndexTest, which control now:
        // here the service's clock reads later than the test's, and WIP age grows meanwhile.
        for (int k = 0; k < 5; k++) {
            Instant from = RandomEvents.BASE.minusSeconds(86_400L * 15)
                    .plusSeconds(r.nextInt(86_400 * 100) + (k == 0 ? 0 : r.nextInt(3600)));
            Instant to = from.plusSeconds(k == 3 ? 86_400L * 180 : 3600L + r.nextInt(86_400 * 120));
            if (k == 4 && factTimes.size() >= 2) {
                // bounds exactly on fact instants, where the strict rules' edges are
                int a = r.nextInt(factTimes.size() - 1);
                from = factTimes.get(a);
                to = factTimes.get(a + 1 + r.nextInt(factTimes.size() - a - 1));
                if (!to.isAfter(from)) {
                    to = from.plusSeconds(1);
                }
            }
            Granularity g = Granularity.values()[r.nextInt(3)];
            Window w = new Window(from, to, g);
            String body = windowBody(ids, w);
            if (k == 3) {
                assertThat(FlowCalculator.flow(streams.get(ids.get(0)), items.get(ids.get(0)), w, now).velocity())
                        .as("the scenario finishes items in 180 days").isPositive();
                assertThat(AlertCalculator.alerts(streams.get(ids.get(0)), items.get(ids.get(0)), w, now))
                        .as("the scenario raises alerts in 180 days").isNotEmpty();
            }
            assertSame("flow " + w, post(token, "flow", body),
                    reference(streams, vs -> FlowCalculator.flow(vs, items.get(vs.id()), w, now)));
            assertSame("stages " + w, post(token, "stages", body),
                    reference(streams, vs -> StageCalculator.stages(vs, items.get(vs.id()), w, now)));
            assertSame("cumulative-flow " + w, post(token, "cumulative-flow", body),
                    reference(streams, vs -> StageCalculator.cumulativeFlow(vs, items.get(vs.id()), w, now)));
            assertSame("dora " + w, post(token, "dora", body), reference(streams, vs -> {
                FactReader.DoraFacts d = dora.get(vs.id());
                return DoraCalculator.dora(vs, d.changes(), d.deployments(), d.incidents(), w, now);
            }));
            assertSame("delivery " + w, post(token, "delivery", body), reference(streams, vs -> {
                FactReader.DeliveryInput d = delivery.get(vs.id());
                return DeliveryCalculator.delivery(vs, d.changes(), d.reviews(), d.deployments(), w, now);
            }));
            assertSame("changes-list " + w, post(token, "changes-list", body), reference(streams, vs -> {
                FactReader.DeliveryInput d = delivery.get(vs.id());
                return DeliveryCalculator.changesList(vs, d.changes(), d.reviews(), d.deployments(), w, now);
            }));
            assertSame("finished-items " + w, post(token, "finished-items", body),
                    reference(streams, vs -> FinishedItems.finishedItems(vs, items.get(vs.id()), w, now)));
            assertSame("alerts " + w, post(token, "alerts", body),
                    reference(streams, vs -> AlertCalculator.alerts(vs, items.get(vs.id()), w, now)));
            Instant asOf = RandomEvents.BASE.plusSeconds(r.nextInt(86_400 * 150));
            assertSame("aging-wip " + asOf, post(token, "aging-wip", """
                    {"valueStreamIds":%s,"asOf":"%s"}""".formatted(array(ids), asOf)),
                    reference(streams, vs -> AgingCalculator.agingWip(vs, items.get(vs.id()), asOf).stream()
                            .map(i -> new AgingItem(i.itemId(), i.key(), titles.get(i.itemId()), i.itemType(),
                                    i.stage(), i.ageSeconds(), i.atRisk(), i.sleBreached())).toList()));
        }
        for (boolean unfinished : new boolean[] {false, true}) {
            Map<String, String> after = new LinkedHashMap<>();
            for (String id : streams.keySet()) {
                after.put(id, null);
            }
            for (int page = 0; page < 20 && !after.isEmpty(); page++) {
                for (String id : new ArrayList<>(after.keySet())) {
                    String cursor = after.get(id);
                    JsonNode got = post(token, "work-items", """
                            {"valueStreamIds":["%s"],"first":7,"unfinishedOnly":%s%s}""".formatted(id, unfinished,
                            cursor == null ? "" : ",\"after\":\"" + cursor + "\""));
                    WorkItemPage listed = WorkItemPages.page(streams.get(id), items.get(id), now, 7, cursor,
                            unfinished);
                    WorkItemPage expected = new WorkItemPage(listed.items().stream().map(i -> new WorkItem(i.id(),
                            i.key(), titles.get(i.id()), i.itemType(), i.status(), i.stage(), i.createdAt(),
                            i.flowStart(), i.flowEnd(), i.url(), i.deliveredAt(), i.changeIds())).toList(),
                            listed.nextCursor(), listed.total());
                    assertSame("work-items " + id + " after " + cursor, got, tree(Map.of(id, expected)));
                    if (expected.nextCursor() == null) {
                        after.remove(id);
                    } else {
                        after.put(id, expected.nextCursor());
                    }
                }
            }
            assertThat(after).as("every page visited").isEmpty();
        }
    }

    private void assertSame(String what, JsonNode fast, JsonNode reference) {
        assertThat(fast).as(what).isEqualTo(reference);
    }

    private <T> JsonNode reference(Map<String, ValueStream> streams, Function<ValueStream, T> compute) {
        Map<String, T> out = new LinkedHashMap<>();
        streams.values().forEach(vs -> out.put(vs.id(), compute.apply(vs)));
        return tree(out);
    }

    private JsonNode tree(Object value) {
        try {
            return json.readTree(json.writeValueAsString(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode post(String token, String path, String body) {
        String response = given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/internal/v1/metrics/" + path).then().statusCode(200).extract().asString();
        return tree(readTree(response));
    }

    private JsonNode readTree(String s) {
        try {
            return json.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String windowBody(List<String> ids, Window w) {
        return """
                {"valueStreamIds":%s,"window":{"from":"%s","to":"%s","granularity":"%s"}}"""
                .formatted(array(ids), w.from(), w.to(), w.granularity());
    }

    private static String array(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").toList().toString();
    }

    private String saveStream(String token, String id, RandomEvents ev, String rest) {
        String body = "{\"id\":\"" + id + "\",\"name\":\"Stream " + id + "\"," + rest + "}";
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .put("/internal/v1/value-streams").then().statusCode(200).extract().path("id");
    }

    /** Waits until every published event is a fact (counts, and the winning upserts and ranks). */
    private void awaitStored(RandomEvents ev) {
        String like = ev.run + ":%";
        String expected = List.of(new HashSet<>(ev.transitionIds).size(), ev.winningUpsert.size(),
                new HashSet<>(ev.deleted).size(), ev.changeRank.size(),
                ev.changeRank.values().stream().mapToInt(Integer::intValue).sum(), ev.deploymentIds.size(),
                ev.incidentRank.size(), ev.incidentRank.values().stream().mapToInt(Integer::intValue).sum()).toString();
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.preparedQuery("""
                select array[(select count(*) from metrics.transition where item_id like $1),
                       (select count(*) from metrics.work_item where upsert_event_id = any($2)),
                       (select count(*) from metrics.deleted_item where item_id like $1),
                       (select count(*) from metrics.change where change_id like $1),
                       (select coalesce(sum(fact_rank), 0) from metrics.change where change_id like $1),
                       (select count(*) from metrics.deployment where deployment_id like $1),
                       (select count(*) from metrics.incident where incident_id like $1),
                       (select coalesce(sum(fact_rank), 0) from metrics.incident where incident_id like $1)]::text""")
                .execute(Tuple.of(like, ev.winningUpsert.values().toArray(String[]::new)))
                .await().indefinitely().iterator().next().getString(0)
                .equals(expected.replace(" ", "").replace('[', '{').replace(']', '}')));
    }

    /** Waits for a poll that started after this call, so the cache has seen everything committed before it. */
    private void awaitCachePolledPastNow() {
        long mark = cache.pollCount();
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.ready() && cache.pollCount() >= mark + 2);
    }

    void publish(List<String> events) throws Exception {
        FlowEventsBroker.publish(vhost, events);
    }
}
