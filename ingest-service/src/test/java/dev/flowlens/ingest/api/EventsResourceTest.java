package dev.flowlens.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.flowlens.events.BrokerTopology;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventsResourceTest {

    @Inject
    Pool pool;

    @Inject
    dev.flowlens.ingest.outbox.OutboxCleanup cleanup;

    @ConfigProperty(name = "flowlens.rabbitmq.vhost")
    String vhost;

    private Connection connection;
    private final Map<String, Delivery> received = new ConcurrentHashMap<>();
    /** Each broker message: routing key, ce-id and content type (the body field holds the content type here). */
    private final List<Delivery> messages = new CopyOnWriteArrayList<>();
    /** The delivery tag of the message that carried each event id. */
    private final Map<String, Long> messageOf = new ConcurrentHashMap<>();

    record Delivery(String routingKey, String ceId, String body) {
    }

    /** A private, auto-deleted queue on flow.events, so the test never steals another consumer's messages. */
    @BeforeEach
    void bindTestQueue() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost);
        connection = f.newConnection();
        Channel ch = connection.createChannel();
        ch.exchangeDeclare(BrokerTopology.FLOW_EVENTS_EXCHANGE, "topic", true);
        String queue = "test.ingest." + UUID.randomUUID();
        ch.queueDeclare(queue, false, true, true, null);
        ch.queueBind(queue, BrokerTopology.FLOW_EVENTS_EXCHANGE, "#");
        ch.basicConsume(queue, true, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                Object ceId = props.getHeaders() == null ? null : props.getHeaders().get(BrokerTopology.CE_ID_HEADER);
                String id = ceId == null ? null : ceId.toString();
                messages.add(new Delivery(env.getRoutingKey(), id, props.getContentType()));
                if (BrokerTopology.CLOUDEVENTS_BATCH_JSON.equals(props.getContentType())) {
                    // a batch: every event of it, each under its own id
                    for (JsonNode e : FlowEventCodec.readTree(body)) {
                        messageOf.put(e.get("id").asText(), env.getDeliveryTag());
                        received.put(e.get("id").asText(), new Delivery(env.getRoutingKey(), e.get("id").asText(),
                                e.toString()));
                    }
                } else {
                    messageOf.put(id, env.getDeliveryTag());
                    received.put(id, new Delivery(env.getRoutingKey(), id, new String(body, StandardCharsets.UTF_8)));
                }
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    static String transition(String id, String item, String at) {
        return """
                {"specversion":"1.0","id":"%s","source":"jira/acme","type":"workitem.transitioned","time":"%s",
                 "data":{"itemId":"%s","fromStatus":"To Do","toStatus":"In Progress","at":"%s"}}"""
                .formatted(id, at, item, at);
    }

    long count(String table) {
        return pool.query("select count(*) from ingest." + table).execute().await().indefinitely()
                .iterator().next().getLong(0);
    }

    @Test
    void aBatchIsCommittedThenPublishedWithItsIdAndTypeAsRoutingKey() {
        String run = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(run + ":" + i);
            events.add(transition(run + ":" + i, "jira:acme:PAY-" + i, "2026-03-02T09:1" + i + ":00Z"));
        }
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json").body("[" + String.join(",", events) + "]")
                .post("/api/v1/events")
                .then().statusCode(202).body("accepted", equalTo(3));

        await().atMost(Duration.ofSeconds(20)).until(() -> received.keySet().containsAll(ids));
        Delivery d = received.get(ids.get(0));
        assertThat(d.routingKey()).isEqualTo("workitem.transitioned");
        assertThat(d.body()).contains("\"itemId\":\"jira:acme:PAY-0\"");
        // events of one type travel together as CloudEvents batch messages, each named by its first event's id; a
        // relay round (1,000 rows) may cut the three in two when older rows were still pending, never in three
        assertThat(ids.stream().map(messageOf::get).distinct().count()).isBetween(1L, 2L);
        assertThat(ids).allSatisfy(i -> assertThat(received.get(i).routingKey()).isEqualTo("workitem.transitioned"));
        assertThat(messages).extracting(Delivery::body).contains(BrokerTopology.CLOUDEVENTS_BATCH_JSON);
        await().atMost(Duration.ofSeconds(20)).until(() -> pool
                .preparedQuery("select count(*) from ingest.outbox o where event_id like $1 and not exists"
                        + " (select 1 from ingest.outbox_pending p where p.outbox_id = o.id)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(run + "%")).await().indefinitely()
                .iterator().next().getLong(0) == 3);
    }

    @Test
    void theCleanUpDeletesOldPublishedRowsButNeverAPendingOne() {
        String run = UUID.randomUUID().toString();
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json")
                .body(transition(run + ":0", "jira:acme:PAY-9", "2026-03-02T09:10:00Z"))
                .post("/api/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.containsKey(run + ":0"));
        io.vertx.mutiny.sqlclient.SqlConnection conn = pool.getConnection().await().indefinitely();
        try {
            // a pending row the relay cannot take meanwhile: added, then locked as a relay round would lock it
            // (the relay skips locked rows); should the relay win the race in between, try again
            long pending = -1;
            for (int attempt = 0; attempt < 5 && pending < 0; attempt++) {
                long id = conn.preparedQuery("""
                        with added as (insert into ingest.outbox (raw_id, event_id, event_type, payload, created_at)
                                       select raw_id, $2, event_type, payload, now() - interval '30 days'
                                       from ingest.outbox where event_id = $1 returning id),
                             queued as (insert into ingest.outbox_pending (outbox_id) select id from added
                                        returning outbox_id)
                        select outbox_id from queued""")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(run + ":0", run + ":0")).await().indefinitely()
                        .iterator().next().getLong(0);
                conn.query("begin").execute().await().indefinitely();
                boolean locked = conn.preparedQuery(
                        "select 1 from ingest.outbox_pending where outbox_id = $1 for update")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)).await().indefinitely().rowCount() == 1;
                if (locked) {
                    pending = id;
                } else {
                    conn.query("rollback").execute().await().indefinitely();
                }
            }
            assertThat(pending).isPositive();

            long deleted = cleanup.deleteOlderThan(java.time.OffsetDateTime.now().plusMinutes(1)).await()
                    .indefinitely();

            assertThat(deleted).isGreaterThanOrEqualTo(1);
            // the published row is gone, the pending copy of it (same event id) is kept
            assertThat(count("outbox where event_id = '" + run + ":0'")).isEqualTo(1);
            assertThat(pool.preparedQuery("select count(*) from ingest.outbox where id = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(pending)).await().indefinitely().iterator().next()
                    .getLong(0)).isEqualTo(1);
            conn.query("rollback").execute().await().indefinitely();
        } finally {
            conn.close().await().indefinitely();
        }
    }

    @Test
    void aBatchWithBadEventsIsRejectedWholeNamingEachProblem() {
        long rawBefore = count("raw_payload");
        long outboxBefore = count("outbox");
        String good = transition("ok-" + UUID.randomUUID(), "jira:acme:PAY-1", "2026-03-02T09:15:00Z");
        String badTime = transition("bad-1", "jira:acme:PAY-2", "2026-03-02 09:15");
        String badType = good.replace("workitem.transitioned", "workitem.teleported");
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json")
                .body("[" + good + "," + badTime + "," + badType + "]")
                .post("/api/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:flowlens:problem:invalid-input"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/api/v1/events"))
                .body("detail", equalTo("2 of 3 events are invalid; nothing was accepted"))
                .body("violations.field", hasItems("events[1].time", "events[1].data.at", "events[2].type"))
                .body("violations.find { it.field == 'events[1].data.at' }.message",
                        equalTo("not an RFC 3339 time with an offset: '2026-03-02 09:15'"))
                .body("violations.find { it.field == 'events[2].type' }.message", startsWith("unknown event type"));
        assertThat(count("raw_payload")).isEqualTo(rawBefore);
        assertThat(count("outbox")).isEqualTo(outboxBefore);
    }

    @Test
    void malformedAndOversizedBodiesGetClearClientErrors() {
        String token = Keycloak.ingest();
        given().auth().oauth2(token).contentType("application/json").body("{\"specversion\":")
                .post("/api/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("malformed JSON"));
        String tooMany = "[" + String.join(",", Collections.nCopies(5001, "{}")) + "]";
        given().auth().oauth2(token).contentType("application/json").body(tooMany)
                .post("/api/v1/events").then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:flowlens:problem:too-large"))
                .body("detail", equalTo("a batch holds at most 5000 events, got 5001"));
        given().auth().oauth2(token).contentType("text/plain").body("hello")
                .post("/api/v1/events").then().statusCode(415).contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void onlyTheIngestRoleMayPost() {
        String body = transition("auth-" + UUID.randomUUID(), "jira:acme:PAY-1", "2026-03-02T09:15:00Z");
        given().contentType("application/json").body(body).post("/api/v1/events").then().statusCode(401);
        given().auth().oauth2("not-a-token").contentType("application/json").body(body)
                .post("/api/v1/events").then().statusCode(401);
        // a user's token is meant for the gateway (audience): refused before any role is looked at
        given().auth().oauth2(Keycloak.user("alice")).contentType("application/json").body(body)
                .post("/api/v1/events").then().statusCode(401);
        // the gateway's service token is meant for this service too, but has the role service, not ingest
        given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body(body)
                .post("/api/v1/events").then().statusCode(403);
    }

    @Test
    void healthIsPublicAndChecksTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().body("checks.findAll { it.status != 'UP' }", empty());
    }
}
