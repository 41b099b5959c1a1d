package dev.flowlens.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.webhook.HmacSha256;
import dev.flowlens.testsupport.Keycloak;
import dev.flowlens.testsupport.RealData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Webhooks (signatures, raw-first storage, redelivery) and the connector admin/replay internal API, on real PostgreSQL and Keycloak. */
@QuarkusTest
class WebhookAndAdminTest {

    @Inject
    Pool pool;

    static String serviceToken() {
        return Keycloak.gatewayService();
    }

    static String connector(String kind, String secret, String baseUrl) {
        return given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"kind\":\"" + kind + "\",\"name\":\"t\",\"baseUrl\":\"" + baseUrl + "\",\"selector\":\"x\","
                        + "\"token\":\"tok-" + secret + "\",\"webhookSecret\":\"" + secret + "\"}")
                .put("/internal/v1/connectors").then().statusCode(200)
                .body("webhookSecret", equalTo(null)).body("token", equalTo(null))
                .extract().path("id");
    }

    static byte[] payload(String relative) throws Exception {
        return Files.readAllBytes(RealData.file(relative));
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void aSignedGithubDeliveryIsStoredWithItsEventsOnceAndBadSignaturesStoreNothing() throws Exception {
        String secret = "gh-" + UUID.randomUUID();
        String id = connector("GITHUB", secret, "https://github.com");
        byte[] body = payload("github-webhooks/octokit-payload-examples/deployment_status/payload.json");
        String delivery = UUID.randomUUID().toString();
        String rawByDelivery = "select count(*) from ingest.raw_payload where connector_id = $1";

        given().header("X-GitHub-Event", "deployment_status").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", HmacSha256.sign("wrong", body)).contentType("application/json").body(body)
                .post("/webhooks/github/" + id).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:flowlens:problem:unauthorized"))
                .body("detail", equalTo("missing or invalid webhook signature"))
                .body("instance", equalTo("/webhooks/github/" + id));
        given().header("X-GitHub-Event", "deployment_status").header("X-GitHub-Delivery", delivery)
                .contentType("application/json").body(body).post("/webhooks/github/" + id).then().statusCode(401);
        assertThat(count(rawByDelivery, id)).isZero();

        given().header("X-GitHub-Event", "deployment_status").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", HmacSha256.sign(secret, body)).contentType("application/json").body(body)
                .post("/webhooks/github/" + id).then().statusCode(202).body("events", equalTo(1));
        Row raw = pool.preparedQuery("select id, channel, delivery_id, headers::text as h, body from ingest.raw_payload where connector_id = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next();
        assertThat(raw.getString("channel")).isEqualTo("webhook:github");
        assertThat(raw.getString("delivery_id")).isEqualTo(delivery);
        assertThat(raw.getString("body")).isEqualTo(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(raw.getString("h")).contains("\"x-github-event\": \"deployment_status\"").doesNotContain("x-hub-signature");
        assertThat(count("select count(*) from ingest.outbox where raw_id = $1 and event_id = $2", raw.getLong("id"),
                "github:Codertocat/Hello-World:deployment-status:209916254")).isEqualTo(1);

        // GitHub's "redeliver" button sends the same delivery id: a no-op, still 202
        given().header("X-GitHub-Event", "deployment_status").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", HmacSha256.sign(secret, body)).contentType("application/json").body(body)
                .post("/webhooks/github/" + id).then().statusCode(202).body("duplicate", equalTo(true));
        assertThat(count(rawByDelivery, id)).isEqualTo(1);

        // an event kind without a flow fact is kept raw and acknowledged
        byte[] ping = payload("github-webhooks/octokit-payload-examples/ping/payload.json");
        given().header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", HmacSha256.sign(secret, ping)).contentType("application/json").body(ping)
                .post("/webhooks/github/" + id).then().statusCode(202).body("events", equalTo(0));
        assertThat(count(rawByDelivery, id)).isEqualTo(2);

        // replay maps the stored payloads again: the same event id lands in the outbox a second time
        given().auth().oauth2(serviceToken()).contentType("application/json").body("{\"connectorId\":\"" + id + "\"}")
                .post("/internal/v1/replay").then().statusCode(200).body("payloads", equalTo(2)).body("events", equalTo(1));
        assertThat(count("select count(*) from ingest.outbox where event_id = $1 and raw_id = $2",
                "github:Codertocat/Hello-World:deployment-status:209916254", raw.getLong("id"))).isEqualTo(2);
    }

    /** The outbox rows of a connector after {@code afterId}, in order: event id -> its payload. */
    List<JsonNode> outboxAfter(String connectorId, long afterId) {
        List<JsonNode> out = new ArrayList<>();
        pool.preparedQuery("""
                select o.payload from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id
                where r.connector_id = $1 and o.id > $2 order by o.id""").execute(Tuple.of(connectorId, afterId))
                .await().indefinitely().forEach(r -> out.add(FlowEventCodec.readTree(r.getString(0).getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    @Test
    void aReplayAfterAMappingFixQueuesTheCorrectedEventsUnderTheSameIdsWithAHigherRevision() throws Exception {
        String secret = "jira-" + UUID.randomUUID();
        String jira = connector("JIRA", secret, "https://acme.atlassian.net");
        // TEST-11 is a Jira "Task": with the default mapping, a feature
        byte[] update = payload("jira-webhooks/jenkins-jira-trigger-plugin/issue_updated_status_updated.json");
        given().header("X-Hub-Signature", HmacSha256.sign(secret, update)).header("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString())
                .contentType("application/json").body(update).post("/webhooks/jira/" + jira).then().statusCode(202).body("events", equalTo(2));
        List<JsonNode> first = outboxAfter(jira, 0);
        assertThat(first).hasSize(2);
        JsonNode upsert = first.stream().filter(e -> e.get("type").asText().equals("workitem.upserted")).findFirst().orElseThrow();
        JsonNode move = first.stream().filter(e -> e.get("type").asText().equals("workitem.transitioned")).findFirst().orElseThrow();
        assertThat(upsert.get("data").get("itemType").asText()).isEqualTo("feature");
        long firstRevision = FlowEventCodec.revision(upsert);
        assertThat(firstRevision).isPositive().isEqualTo(FlowEventCodec.revision(move));
        long last = count("select coalesce(max(id), 0) from ingest.outbox");

        // the mapping fix: this team's Tasks are tech debt
        given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"id\":\"" + jira + "\",\"kind\":\"JIRA\",\"name\":\"t\",\"baseUrl\":\"https://acme.atlassian.net\","
                        + "\"selector\":\"x\",\"settings\":{\"itemTypes\":{\"Task\":\"debt\",\"Bug\":\"defect\"}}}")
                .put("/internal/v1/connectors").then().statusCode(200).body("settings.itemTypes.task", equalTo("debt"));
        given().auth().oauth2(serviceToken()).contentType("application/json").body("{\"connectorId\":\"" + jira + "\"}")
                .post("/internal/v1/replay").then().statusCode(200).body("payloads", equalTo(1)).body("events", equalTo(2));

        List<JsonNode> replayed = outboxAfter(jira, last);
        assertThat(replayed).extracting(e -> e.get("id").asText())
                .containsExactlyInAnyOrder(upsert.get("id").asText(), move.get("id").asText());
        JsonNode fixed = replayed.stream().filter(e -> e.get("id").asText().equals(upsert.get("id").asText())).findFirst().orElseThrow();
        // the corrected content under the same id, newer than the first mapping
        assertThat(fixed.get("data").get("itemType").asText()).isEqualTo("debt");
        assertThat(FlowEventCodec.revision(fixed)).isGreaterThan(firstRevision);
        // everything else of the event is as it was
        ObjectNode a = (ObjectNode) fixed.deepCopy();
        ObjectNode b = (ObjectNode) upsert.deepCopy();
        a.remove(FlowEvent.MAPPED_ATTRIBUTE);
        b.remove(FlowEvent.MAPPED_ATTRIBUTE);
        ((ObjectNode) a.get("data")).remove("itemType");
        ((ObjectNode) b.get("data")).remove("itemType");
        assertThat(a).isEqualTo(b);
        // the transition did not change but for its revision: downstream it replaces itself with the same content
        JsonNode sameMove = replayed.stream().filter(e -> e.get("id").asText().equals(move.get("id").asText())).findFirst().orElseThrow();
        assertThat(FlowEventCodec.revision(sameMove)).isGreaterThan(firstRevision);
        assertThat(FlowEventCodec.decode(sameMove).withRevision(0)).isEqualTo(FlowEventCodec.decode(move).withRevision(0));
        assertThat(FlowEventCodec.decode(fixed).revision()).isEqualTo(FlowEventCodec.revision(fixed));
    }

    @Test
    void unknownConnectorsAndWrongToolsAre404AndStoreNothing() throws Exception {
        // The gate answers from the headers and closes the connection without reading the body: a body the client
        // writes after its headers (Apache HttpClient writes one over 512 bytes in a second write) can meet the
        // closed socket first, a reset instead of the 404. The answer does not depend on the body, so it is small.
        byte[] body = "{\"object_kind\":\"issue\"}".getBytes(StandardCharsets.UTF_8);
        long before = count("select count(*) from ingest.raw_payload");
        String unknown = UUID.randomUUID().toString();
        // answered by the webhook gate (a Vert.x route, before the body is read) in the same problem shape
        given().header("X-Gitlab-Token", "x").body(body).post("/webhooks/gitlab/" + unknown).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:flowlens:problem:not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("no gitlab connector '" + unknown + "'"))
                .body("instance", equalTo("/webhooks/gitlab/" + unknown));
        String github = connector("GITHUB", "s-" + UUID.randomUUID(), "https://github.com");
        given().header("X-Gitlab-Token", "x").body(body).post("/webhooks/gitlab/" + github).then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("no gitlab connector '" + github + "'"));
        assertThat(count("select count(*) from ingest.raw_payload")).isEqualTo(before);
    }

    @Test
    void gitlabChecksItsTokenAndJiraItsHmacHeader() throws Exception {
        String glSecret = "gl-" + UUID.randomUUID();
        String gl = connector("GITLAB", glSecret, "https://gitlab.com");
        byte[] issue = payload("gitlab-webhooks/go-gitlab-testdata/issue.json");
        given().header("X-Gitlab-Token", glSecret + "x").header("X-Gitlab-Event", "Issue Hook").body(issue)
                .post("/webhooks/gitlab/" + gl).then().statusCode(401);
        given().header("X-Gitlab-Token", glSecret).header("X-Gitlab-Event", "Issue Hook")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(issue)
                .post("/webhooks/gitlab/" + gl).then().statusCode(202).body("events", equalTo(1));
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1 and headers ? 'x-gitlab-token'", gl)).isZero();

        String jiraSecret = "jira-" + UUID.randomUUID();
        String jira = connector("JIRA", jiraSecret, "https://acme.atlassian.net");
        byte[] update = payload("jira-webhooks/jenkins-jira-trigger-plugin/issue_updated_status_updated.json");
        String delivery = UUID.randomUUID().toString();
        given().header("X-Hub-Signature", HmacSha256.sign("nope", update)).header("X-Atlassian-Webhook-Identifier", delivery)
                .body(update).post("/webhooks/jira/" + jira).then().statusCode(401);
        given().header("X-Hub-Signature", HmacSha256.sign(jiraSecret, update)).header("X-Atlassian-Webhook-Identifier", delivery)
                .contentType("application/json").body(update).post("/webhooks/jira/" + jira).then().statusCode(202).body("events", equalTo(2));
        assertThat(count("select count(*) from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id "
                + "where r.connector_id = $1 and o.event_id = 'jira:acme:10010:changelog:10202'", jira)).isEqualTo(1);
    }

    @Test
    void theAdminApiNeedsTheServiceRoleAndNeverShowsSecrets() {
        String secret = "never-shown-" + UUID.randomUUID();
        String id = connector("JIRA", secret, "https://acme.atlassian.net");
        String listed = given().auth().oauth2(serviceToken()).get("/internal/v1/connectors").then().statusCode(200)
                .body("id", hasItem(id)).body(not(containsString(secret))).extract().asString();
        assertThat(listed).contains("/webhooks/jira/" + id);
        byte[] stored = pool.preparedQuery("select webhook_secret_enc from ingest.connector where id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getBuffer(0).getBytes();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(secret);

        given().get("/internal/v1/connectors").then().statusCode(401);
        // a user's token is meant for the gateway (audience); the ingest client's is meant for this service, without
        // the role service
        given().auth().oauth2(Keycloak.user("alice")).get("/internal/v1/connectors").then().statusCode(401);
        given().auth().oauth2(Keycloak.ingest()).get("/internal/v1/connectors").then().statusCode(403);
        given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"kind\":\"SVN\",\"name\":\"x\",\"baseUrl\":\"https://x\",\"selector\":\"x\"}")
                .put("/internal/v1/connectors").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("kind: must be one of GITHUB, GITLAB, JIRA, PAGERDUTY, OPSGENIE, JENKINS, got 'SVN'"))
                .body("violations[0].field", equalTo("kind"))
                .body("violations[0].message", equalTo("must be one of GITHUB, GITLAB, JIRA, PAGERDUTY, OPSGENIE, JENKINS, got 'SVN'"));
        given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"kind\":\"JIRA\",\"name\":\"x\",\"baseUrl\":\"https://x\",\"selector\":\"x\",\"settings\":{\"itemTypes\":{\"Bug\":\"oops\"}}}")
                .put("/internal/v1/connectors").then().statusCode(400).body("detail", startsWithSettings());
        // A sync starts in the background; this connector points at a closed local port, so no request leaves the machine.
        String local = connector("JIRA", secret, "http://127.0.0.1:9");
        given().auth().oauth2(serviceToken()).post("/internal/v1/connectors/" + local + "/sync").then().statusCode(202)
                .body("status", equalTo("RUNNING")).body("connectorId", equalTo(local));
        given().auth().oauth2(serviceToken()).post("/internal/v1/connectors/" + UUID.randomUUID() + "/sync").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("urn:flowlens:problem:not-found"));
    }

    @Test
    void aReplaceWithoutSettingsKeepsTheStoredOnes() {
        String id = given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"kind\":\"JIRA\",\"name\":\"s\",\"baseUrl\":\"http://127.0.0.1:9\",\"selector\":\"project = S\","
                        + "\"settings\":{\"itemTypes\":{\"Story\":\"risk\"}}}")
                .put("/internal/v1/connectors").then().statusCode(200)
                .body("settings.itemTypes.story", equalTo("risk")).extract().path("id");
        // The public GraphQL input has no settings: a rename through it must not reset the mapping.
        given().auth().oauth2(serviceToken()).contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"kind\":\"JIRA\",\"name\":\"renamed\",\"baseUrl\":\"http://127.0.0.1:9\","
                        + "\"selector\":\"project = S\"}")
                .put("/internal/v1/connectors").then().statusCode(200)
                .body("name", equalTo("renamed")).body("settings.itemTypes.story", equalTo("risk"));
    }

    static org.hamcrest.Matcher<String> startsWithSettings() {
        return org.hamcrest.Matchers.startsWith("settings.itemTypes.Bug: must be one of");
    }
}
