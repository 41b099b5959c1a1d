package dev.flowlens.gateway.graphql.operation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, bad input to GraphQL: generated broken requests (seeded) — mangled documents, wrong argument types and
 * values, unknown fields, hostile strings, broken JSON envelopes — are always answered with a GraphQL error or a 4xx,
 * never a 5xx, and no mutation reaches metrics-service.
 */
@QuarkusTest
@WithTestResource(MetricsStubResource.class)
class BadQueryTest {

    static final long SEED = 20261125L;
    static final int CASES = 1200;
    static final String GOOD = "{ valueStreams { id name flow(window: {from: \"2026-01-01T00:00:00Z\", "
            + "to: \"2026-04-01T00:00:00Z\", granularity: WEEK}) { velocity load flowTime { p50 } } } }";
    static final String[] ARG_VALUES = { "null", "1", "-1", "2147483648", "1e999", "true", "\"\"", "\"x\"", "[]",
            "{}", "\"2026-02-30T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"-0001-01-01T00:00:00Z\"", "WEEKLY",
            "\"'; drop table metrics.value_stream; --\"", "\"<script>\"", "\"${jndi:ldap://x}\"", "\"\\u0000\"" };

    @BeforeEach
    void resetStub() {
        MetricsStub.current.reset();
    }

    static String mangled(Random r) {
        switch (r.nextInt(7)) {
            case 0 -> {
                return GOOD.substring(0, r.nextInt(GOOD.length()));
            }
            case 1 -> {
                StringBuilder s = new StringBuilder(GOOD);
                for (int i = 0; i < 1 + r.nextInt(5); i++) {
                    String noise = "{}()[]:!@$\"\\ ,";
                    s.setCharAt(r.nextInt(s.length()), noise.charAt(r.nextInt(noise.length())));
                }
                return s.toString();
            }
            case 2 -> {
                String v = ARG_VALUES[r.nextInt(ARG_VALUES.length)];
                String[] slots = { "from: " + v + ", to: \"2026-04-01T00:00:00Z\"", "from: \"2026-01-01T00:00:00Z\", to: " + v,
                        "from: \"2026-04-01T00:00:00Z\", to: \"2026-01-01T00:00:00Z\", granularity: " + v };
                return "{ valueStreams { id flow(window: {" + slots[r.nextInt(slots.length)] + "}) { velocity } } }";
            }
            case 3 -> {
                String v = ARG_VALUES[r.nextInt(ARG_VALUES.length)];
                return "{ valueStream(id: " + v + ") { id workItems(first: " + ARG_VALUES[r.nextInt(ARG_VALUES.length)]
                        + ") { total } } }";
            }
            case 4 -> {
                String[] unknown = { "{ nope }", "{ valueStreams { secret } }", "{ __typename valueStreams { id { x } } }",
                        "mutation { dropEverything }", "subscription { flowChanged(valueStreamId: 1) { load } }",
                        "query Q($w: WindowInput!) { valueStreams { flow(window: $w) { velocity } } }",
                        "{ valueStreams { ...Missing } }", "fragment F on Nope { id } { valueStreams { ...F } }" };
                return unknown[r.nextInt(unknown.length)];
            }
            case 5 -> {
                // a viewer's mutation with hostile input: FORBIDDEN before anything is saved
                String v = ARG_VALUES[r.nextInt(ARG_VALUES.length)];
                return "mutation { saveValueStream(input: {name: " + v + ", stages: [{name: " + v
                        + ", statuses: [" + v + "], kind: ACTIVE}], doneStatuses: [" + v + "]}) { id } }";
            }
            default -> {
                byte[] junk = new byte[r.nextInt(200)];
                r.nextBytes(junk);
                return new String(junk, StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Test
    void brokenQueriesAreAlwaysAGraphqlErrorOrA4xxNeverA5xx() {
        Random random = new Random(SEED);
        String alice = Keycloak.alice();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            String query = mangled(random);
            Object body = random.nextInt(10) == 0 ? "{\"query\": " + query.length() + "," : Map.of("query", query);
            Response resp = given().auth().oauth2(alice).contentType("application/json").body(body).post("/graphql");
            statuses.merge(resp.statusCode(), 1, Integer::sum);
            String text = resp.asString();
            if (resp.statusCode() >= 500) {
                failures.add("case " + i + ": HTTP " + resp.statusCode() + " for " + query);
            } else if (resp.statusCode() == 200 && !text.contains("\"errors\"") && !text.contains("\"data\"")) {
                failures.add("case " + i + ": 200 without data or errors for " + query);
            }
        }
        System.out.println("GraphQL bad-input answers by HTTP status: " + statuses);
        assertThat(failures).isEmpty();
        assertThat(MetricsStub.current.calls("PUT /internal/v1/value-streams")).as("saves reaching metrics").isZero();
    }
}
