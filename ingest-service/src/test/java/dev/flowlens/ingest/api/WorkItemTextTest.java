package dev.flowlens.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, stored script: whoever holds the ingest role may send any title, and it is kept as sent (the dashboard
 * shows it as text); but a work item's url becomes a link a user clicks, so only an http(s) URL is accepted.
 */
@QuarkusTest
class WorkItemTextTest {

    static final String PAYLOAD = "<img src=x onerror=\"window.__pwned=1\"><script>alert(1)</script>";

    @Inject
    Pool pool;

    static String upsert(String id, String title, String url) {
        return """
                {"specversion":"1.0","id":"%s","source":"api/test","type":"workitem.upserted",
                 "time":"2026-03-02T09:15:00Z",
                 "data":{"itemId":"%s","key":%s,"title":%s,"itemType":"feature","project":"PAY",
                         "status":"To Do","createdAt":"2026-03-01T09:15:00Z","url":%s}}"""
                .formatted(id, id, json(title), json(title), json(url));
    }

    static String json(String s) {
        return new TextNode(s).toString();
    }

    JsonObject queued(String eventId) {
        String payload = pool.preparedQuery("select payload::text from ingest.outbox where event_id = $1")
                .execute(Tuple.of(eventId)).await().indefinitely().iterator().next().getString(0);
        return new JsonObject(payload).getJsonObject("data");
    }

    @Test
    void aJavascriptUrlIsA400NamingTheFieldAndNothingIsKept() {
        String id = "xss-" + UUID.randomUUID();
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json")
                .body("[" + upsert(id + ":ok", "fine", "https://acme.atlassian.net/browse/PAY-1") + ","
                        + upsert(id, "Pay", "javascript:alert(1)") + "]")
                .post("/api/v1/events")
                .then().statusCode(400)
                .body("detail", equalTo("1 of 2 events are invalid; nothing was accepted"))
                .body("violations.field", contains("events[1].data.url"))
                .body("violations.message", contains("must be an absolute http or https URL, got 'javascript:alert(1)'"));
        assertThat(pool.preparedQuery("select count(*) from ingest.outbox where event_id like $1")
                .execute(Tuple.of(id + "%")).await().indefinitely().iterator().next().getLong(0)).isZero();
    }

    @Test
    void markupInKeysAndTitlesIsAcceptedAndKeptVerbatimWithHttpAndHttpsLinks() {
        String run = "text-" + UUID.randomUUID();
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json")
                .body("[" + upsert(run + ":1", PAYLOAD, "https://github.com/acme/pay/issues/1") + ","
                        + upsert(run + ":2", PAYLOAD, "http://gitlab.local/acme/pay/-/issues/2") + "]")
                .post("/api/v1/events")
                .then().statusCode(202).body("accepted", equalTo(2));

        JsonObject first = queued(run + ":1");
        assertThat(first.getString("title")).isEqualTo(PAYLOAD);
        assertThat(first.getString("key")).isEqualTo(PAYLOAD);
        assertThat(first.getString("url")).isEqualTo("https://github.com/acme/pay/issues/1");
        assertThat(queued(run + ":2").getString("url")).isEqualTo("http://gitlab.local/acme/pay/-/issues/2");
    }
}
