package dev.flowlens.metrics.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.flowlens.outbound.AddressGuard;
import dev.flowlens.testsupport.Keycloak;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two instances delivering one outbox: a second {@link NotifierDispatcher} (another instance's, on the same database)
 * claims alongside this instance's, as fast as it can. Each event is claimed by one of them only, so each arrives
 * once (no answer is lost here, so no retry sends one again), and each stream's events arrive in their order, while
 * the streams go in parallel.
 */
@QuarkusTest
class TwoDispatchersTest {

    @Inject
    Pool pool;

    @Inject
    NotifierConfig config;

    @Inject
    NotifierSecrets secrets;

    @Inject
    AddressGuard addresses;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    static String stream(String id) {
        given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                {"id":"%s","name":"Two","stages":[{"name":"Build","statuses":["In Progress"],"kind":"ACTIVE"}],
                 "doneStatuses":["Done"]}""".formatted(id)).put("/internal/v1/value-streams").then().statusCode(200);
        return id;
    }

    @Test
    void eachEventIsClaimedByOneInstanceAndEachStreamArrivesInOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> streams = List.of(stream("vs-two-a-" + run), stream("vs-two-b-" + run), stream("vs-two-c-" + run));
        Map<String, List<String>> arrived = new ConcurrentHashMap<>();
        List<String> all = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
            all.add(key);
            arrived.computeIfAbsent(key.substring(0, key.indexOf(":")), k -> new CopyOnWriteArrayList<>()).add(key);
            try {
                Thread.sleep(5); // a receiver that takes a moment: claims overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        NotifierDispatcher other = new NotifierDispatcher(pool, config, secrets, addresses, vertx, registry);
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger byOther = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            String notifier = given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                    {"name":"Both","url":"http://127.0.0.1:%d/in","valueStreamIds":["%s"]}"""
                    .formatted(receiver.getAddress().getPort(), String.join("\",\"", streams)))
                    .put("/internal/v1/notifiers").then().statusCode(200).extract().path("id");
            int perStream = 15;
            List<Tuple> rows = new ArrayList<>();
            for (int i = 0; i < perStream; i++) {
                for (String s : streams) {
                    String alertId = s + ":WIP_LIMIT:Build:" + i;
                    rows.add(Tuple.from(List.of(notifier, s, alertId, new JsonObject().put("id", alertId)
                            .put("valueStreamId", s).put("kind", "WIP_LIMIT").put("stage", "Build")
                            .put("since", "2026-03-02T09:15:" + String.format("%02d", i) + "Z"))));
                }
            }
            loop.submit(() -> {
                while (running.get()) {
                    byOther.addAndGet(other.dispatch());
                    Thread.sleep(10);
                }
                return null;
            });
            pool.withTransaction(c -> c.preparedQuery("insert into metrics.notifier_delivery (notifier_id, value_stream_id,"
                    + " value_stream_name, alert_id, event, alert) values ($1, $2, 'Two', $3, 'raised', $4)").executeBatch(rows))
                    .await().indefinitely();

            await().atMost(Duration.ofSeconds(60)).until(() -> all.size() >= perStream * streams.size()
                    && pool.preparedQuery("select count(*) from metrics.notifier_delivery where notifier_id = $1"
                            + " and delivered_at is null").execute(Tuple.of(notifier)).await().indefinitely()
                            .iterator().next().getLong(0) == 0);

            assertThat(byOther.get()).as("the other instance delivered its share").isPositive();
            assertThat(all).as("each event once").doesNotHaveDuplicates().hasSize(perStream * streams.size());
            for (String s : streams) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perStream; i++) {
                    expected.add(s + ":WIP_LIMIT:Build:" + i + ":raised");
                }
                assertThat(arrived.get(s))
                        .as("stream %s in order", s).containsExactlyElementsOf(expected);
            }
        } finally {
            running.set(false);
            loop.shutdown();
            loop.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            other.stop(null);
            receiver.stop(0);
        }
    }
}
