package dev.flowlens.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.flowlens.problem.ProblemMapper;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: the internal API answers RFC 9457 problem details. A request that breaks rules is a 400 listing each
 * violation by field; a fault of the service is a 500 whose body gives only an error id, and the log line with the
 * stack trace carries the same id. An {@link IllegalArgumentException} is no longer taken for bad input.
 */
@QuarkusTest
class ProblemAnswersTest {

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(ProblemMapper.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(ProblemMapper.class.getName()).removeHandler(capture);
    }

    @Test
    void aValueStreamBreakingSeveralRulesIsA400ListingEach() {
        given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                {"name":" ","stages":[{"name":"A","statuses":["Doing"]}],"doneStatuses":[]}""")
                .put("/internal/v1/value-streams").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:flowlens:problem:invalid-input"))
                .body("title", equalTo("Invalid input"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/internal/v1/value-streams"))
                .body("detail", equalTo("name must not be empty; stages[0].kind must be ACTIVE or WAITING; "
                        + "doneStatuses must not be empty"))
                .body("violations.field", equalTo(List.of("name", "stages[0].kind", "doneStatuses")))
                .body("violations.message", equalTo(List.of("must not be empty", "must be ACTIVE or WAITING",
                        "must not be empty")))
                .body("errorId", nullValue());
    }

    @Test
    void aBodyThatIsNotTheRecordIsA400Problem() {
        given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                {"name":"S","stages":[{"name":"A","statuses":["Doing"],"kind":"SOMETIMES"}],"doneStatuses":["Done"]}""")
                .put("/internal/v1/value-streams").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("instance", equalTo("/internal/v1/value-streams"))
                .body("detail", equalTo("stages[0].kind: cannot be SOMETIMES, must be one of ACTIVE, WAITING"))
                .body("violations[0].field", equalTo("stages[0].kind"));
    }

    @Test
    void anUnknownValueStreamIsA404Problem() {
        given().auth().oauth2(Keycloak.gatewayService()).get("/internal/v1/value-streams/no-such-stream").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:flowlens:problem:not-found"))
                .body("detail", equalTo("no value stream no-such-stream"));
    }

    @Test
    void aBadCursorIsA400NotA500() {
        given().auth().oauth2(Keycloak.gatewayService()).contentType("application/json").body("""
                {"valueStreamIds":["x"],"after":"not-ours"}""")
                .post("/internal/v1/metrics/work-items").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("after"))
                .body("violations[0].message", equalTo("not a cursor this API gave out"));
    }

    @Test
    void aBugIsA500WithOnlyAnErrorIdThatTheLogCarries() {
        Response answer = given().auth().oauth2(Keycloak.gatewayService()).post("/internal/v1/test-only/bug/state");

        answer.then().statusCode(500).contentType("application/problem+json")
                .body("type", equalTo("urn:flowlens:problem:internal-error"))
                .body("instance", equalTo("/internal/v1/test-only/bug/state"));
        String errorId = answer.path("errorId");
        assertThat(errorId).matches("[0-9a-f-]{36}");
        assertThat(answer.asString()).doesNotContain("inconsistent").doesNotContain("IllegalStateException")
                .doesNotContain("at dev.flowlens");
        assertThat(loggedWith(errorId)).singleElement().satisfies(r -> {
            assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the cache index is inconsistent (a bug)");
            assertThat(message(r)).contains("/internal/v1/test-only/bug/state");
        });
    }

    @Test
    void anIllegalArgumentFromInsideIsA500TooNotA400() {
        Response answer = given().auth().oauth2(Keycloak.gatewayService()).post("/internal/v1/test-only/bug/argument");

        answer.then().statusCode(500).contentType("application/problem+json").body("violations", nullValue());
        assertThat(answer.asString()).doesNotContain("stages");
        assertThat(loggedWith(answer.path("errorId"))).singleElement()
                .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(IllegalArgumentException.class));
    }

    private List<LogRecord> loggedWith(String errorId) {
        return logged.stream().filter(r -> message(r).contains("error id " + errorId)).toList();
    }

    private static String message(LogRecord r) {
        return r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage();
    }
}
