package dev.flowlens.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /internal/v1/connectors/{id}} (issue 27, the gateway's deleteConnector): the connector's webhooks are
 * refused from then on, its sync runs go with it, its raw archive rows stay; a second delete answers false.
 */
@QuarkusTest
class ConnectorDeleteTest {

    @Inject
    Pool pool;

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void aDeletedConnectorRefusesItsWebhooksLosesItsRunsAndKeepsItsRawPayloads() throws Exception {
        String token = WebhookAndAdminTest.serviceToken();
        String secret = "del-" + UUID.randomUUID();
        // an address that does not resolve: the pull fails at once and leaves its run
        String id = WebhookAndAdminTest.connector("GITHUB", secret, "https://github.example");
        byte[] body = WebhookAndAdminTest.payload("github-webhooks/octokit-payload-examples/ping/payload.json");
        given().header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", HmacSha256.sign(secret, body)).contentType("application/json").body(body)
                .post("/webhooks/github/" + id).then().statusCode(202);
        given().auth().oauth2(token).post("/internal/v1/connectors/" + id + "/sync").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("select count(*) from ingest.sync_run where connector_id = $1 and status <> 'RUNNING'",
                        id) == 1);
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1", id)).isEqualTo(1);

        given().auth().oauth2(token).delete("/internal/v1/connectors/" + id).then().statusCode(200)
                .body("deleted", equalTo(true));

        assertThat(count("select count(*) from ingest.connector where id = $1", id)).isZero();
        assertThat(count("select count(*) from ingest.sync_run where connector_id = $1", id)).isZero();
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1", id)).as("raw archive kept")
                .isEqualTo(1);
        given().header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", HmacSha256.sign(secret, body)).contentType("application/json").body(body)
                .post("/webhooks/github/" + id).then().statusCode(404)
                .body("detail", equalTo("no github connector '" + id + "'"));
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1", id)).isEqualTo(1);
        given().auth().oauth2(token).get("/internal/v1/connectors/" + id + "/sync-runs").then().statusCode(404);
        given().auth().oauth2(token).post("/internal/v1/connectors/" + id + "/sync").then().statusCode(404);
        given().auth().oauth2(token).delete("/internal/v1/connectors/" + id).then().statusCode(200)
                .body("deleted", equalTo(false));
    }
}
