package dev.flowlens.ingest.connector;

import static dev.flowlens.ingest.connector.PullHarness.saveConnector;
import static dev.flowlens.ingest.connector.PullHarness.serviceToken;
import static dev.flowlens.ingest.connector.PullHarness.sync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 4: a failed sync's {@code lastError} used to carry up to 300 characters of whatever the host
 * answered, so a connector pointed at an internal service showed that service's pages to the admin. Now it says the
 * request, the status and, from a JSON error body, the tool's own message (GitHub and GitLab {@code message}, Jira
 * {@code errorMessages}), as one line of plain text; any other body is never shown. The host is a local server
 * (allowed in the test profile) answering every request with the error under test.
 */
@QuarkusTest
class ToolErrorsTest {

    static final String SECRET_PAGE = "<html><body><h1>Internal admin</h1><p>db password: hunter2-" + UUID.randomUUID()
            + "</p></body></html>";

    HttpServer host;
    volatile int status;
    volatile String contentType;
    volatile String body;

    @BeforeEach
    void listen() throws IOException {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", contentType);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        host.start();
    }

    @AfterEach
    void stop() {
        host.stop(0);
    }

    void answer(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** Saves a connector of this kind at the local host, syncs it, and answers its {@code lastError} (checked against the run's error). */
    String lastErrorOf(String kind, String selector) {
        String token = serviceToken();
        String id = saveConnector(token, "{\"kind\":\"" + kind + "\",\"name\":\"errors\",\"baseUrl\":\"http://127.0.0.1:"
                + host.getAddress().getPort() + "\",\"selector\":\"" + selector + "\",\"token\":\"t-" + UUID.randomUUID() + "\"}");
        String error = sync(id, token).getString("error");
        given().auth().oauth2(token).get("/internal/v1/connectors").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.lastError", equalTo(error));
        return error;
    }

    @Test
    void githubSaysItsStatusAndMessage() {
        answer(401, "application/json", "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
        assertThat(lastErrorOf("GITHUB", "acme/payments")).isEqualTo("GET /repos/acme/payments/issues answered 401 "
                + "(the connector's token was refused: check it): Bad credentials");
    }

    @Test
    void gitlabSaysItsStatusAndMessage() {
        answer(403, "application/json", "{\"message\":\"403 Forbidden\"}");
        assertThat(lastErrorOf("GITLAB", "acme/payments")).isEqualTo("GET /api/v4/projects/acme%2Fpayments/issues answered 403 "
                + "(the token lacks a permission for this resource): 403 Forbidden");
    }

    @Test
    void jiraSaysItsStatusAndErrorMessages() {
        answer(400, "application/json;charset=UTF-8", "{\"errorMessages\":[\"The value 'PAY' does not exist for the field "
                + "'project'.\"],\"errors\":{\"jql\":\"Error in the JQL Query\"}}");
        assertThat(lastErrorOf("JIRA", "project = PAY")).isEqualTo("GET /rest/api/3/myself answered 400: The value 'PAY' "
                + "does not exist for the field 'project'.; jql: Error in the JQL Query");
    }

    @Test
    void anHtmlPageIsNeverShown() {
        answer(404, "text/html", SECRET_PAGE);
        assertThat(lastErrorOf("GITHUB", "acme/payments")).isEqualTo("GET /repos/acme/payments/issues answered 404 (no such "
                + "repository, project or endpoint, or the token cannot see it: check the selector and baseUrl)");
        // nor after the retries of a 5xx
        answer(502, "text/html", SECRET_PAGE);
        assertThat(lastErrorOf("JIRA", "project = PAY")).isEqualTo("GET /rest/api/3/myself answered 502");
        // nor a JSON answer without the tool's error fields (another service's JSON)
        answer(403, "application/json", "{\"internal\":\"" + SECRET_PAGE.replace("\"", "'") + "\"}");
        assertThat(lastErrorOf("GITLAB", "acme/payments")).doesNotContain("hunter2").endsWith("answered 403 "
                + "(the token lacks a permission for this resource)");
    }

    @Test
    void aToolsMessageIsOneLineOfPlainTextAtMost300Characters() {
        answer(422, "application/json", "{\"message\":\"Validation\\u0000 failed:\\r\\n\\tbad\\u202e field\\u0007 " + "x".repeat(400)
                + "\"}");
        String error = lastErrorOf("GITHUB", "acme/payments");
        assertThat(error).startsWith("GET /repos/acme/payments/issues answered 422: Validation failed: bad field xxx")
                .doesNotContain("\u0000", "\r", "\n", "\t", "\u202e", "\u0007")
                .endsWith("x…");
        assertThat(error.substring(error.indexOf(": ") + 2)).hasSize(301);
    }
}
