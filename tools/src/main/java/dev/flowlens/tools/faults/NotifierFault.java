package dev.flowlens.tools.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.tools.common.Events;
import dev.flowlens.tools.common.Http;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Psql;
import dev.flowlens.tools.common.Token;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code notifier} fault (issue 27): a notifier's receiver that is down, then answers 500, then 2xx, and
 * metrics-service killed with SIGKILL in between with alert events pending and more alerts raised while it is down.
 *
 * <p>The receiver is a JDK HTTP server of this driver on a free loopback port (the faults stack's metrics-service may
 * reach loopback: {@code FLOWLENS_OUTBOUND_ALLOW=127.0.0.0/8} in bin/lib/flowlens/stack.sh). A value stream with one
 * stage "Build" of wipLimit 0 is saved through metrics-service's {@code PUT /internal/v1/value-streams} and a notifier
 * with a secret through {@code PUT /internal/v1/notifiers}, with the gateway's service token. Work items posted to
 * ingest-service enter and leave Build: each entry raises a WIP_LIMIT alert, each exit ends it. The expected events are
 * computed from the alert id rule (docs/metrics-rules.md: {@code <valueStreamId>:WIP_LIMIT:<stage>:<since epoch s>}),
 * each {@code <alert id>:raised} or {@code :ended}, the notifier's Idempotency-Key:
 *
 * <ol>
 * <li>receiver down (nothing listens): item A enters Build (A raised), then leaves (A ended); both wait in the outbox;
 * <li>receiver up, answering 500: the head event is tried again and refused;
 * <li>metrics-service SIGKILLed ({@code bin/flowlens _fault crash start}); while it is down, B enters and leaves
 * Build (B raised, B ended) and C enters it (C raised);
 * <li>metrics-service started again ({@code _fault crash stop}); the receiver answers 500 a few seconds more, then 200.
 * </ol>
 *
 * <p>Then: every expected event answered 2xx at least once, the first accepted arrivals in the expected order, every
 * request's {@code X-Flowlens-Signature-256} valid, and the outbox empty.
 */
final class NotifierFault {

    static final String NAME = "notifier";
    static final String DESCRIPTION = "receiver down, then 500, then 2xx; metrics-service SIGKILLed with alerts pending";
    static final String SECRET = "fault-notifier-secret";

    /** One POST the receiver got: its Idempotency-Key, whether its signature was valid, what it was answered. */
    record Arrival(String key, boolean signatureValid, int answered) {
    }

    static final class Result {
        int expected, received, lost, outOfOrder, badSignatures, duplicates, unexpected, arrivals;
        long pending;

        boolean passed() {
            return lost == 0 && outOfOrder == 0 && badSignatures == 0 && unexpected == 0 && pending == 0;
        }

        String row() {
            return String.format(Locale.ROOT, "%-8s | %-82s | %15d | %8d | %4d | %12d | %14d | %d", NAME, DESCRIPTION,
                    expected, received, lost, outOfOrder, badSignatures, duplicates);
        }

        static String header() {
            return String.format(Locale.ROOT, "%-8s | %-82s | %15s | %8s | %4s | %12s | %14s | %s", "fault", "what",
                    "events expected", "received", "lost", "out of order", "bad signatures", "duplicates");
        }
    }

    private final HttpClient http;
    private final String ingest;
    private final String metrics;
    private final String db;
    private final Token ingestToken;
    private final Token serviceToken;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(500);

    NotifierFault(HttpClient http, String ingest, String metrics, String oidc, String db, Token ingestToken) {
        this.http = http;
        this.ingest = ingest;
        this.metrics = metrics;
        this.db = db;
        this.ingestToken = ingestToken;
        this.serviceToken = Token.gateway(http, oidc, Duration.ofSeconds(120));
    }

    Result run() throws Exception {
        String run = "fault-notifier-" + UUID.randomUUID().toString().substring(0, 8);
        String project = run.toUpperCase(Locale.ROOT);
        int port = freeLoopbackPort();
        FaultDriver.log("%s: run %s, receiver on 127.0.0.1:%d, down (nothing listens yet)", NAME, run, port);

        ObjectNode stage = Json.object().put("name", "Build").put("kind", "ACTIVE").put("wipLimit", 0);
        stage.putArray("statuses").add("In Progress");
        ObjectNode stream = Json.object().put("id", run).put("name", "Notifier fault " + run);
        stream.putObject("scope").putArray("projects").add(project);
        stream.putArray("stages").add(stage);
        stream.putArray("doneStatuses").add("Done");
        internal("PUT", "/internal/v1/value-streams", stream);
        ObjectNode notifierInput = Json.object().put("name", run).put("url", "http://127.0.0.1:" + port + "/hook")
                .put("secret", SECRET);
        notifierInput.putArray("valueStreamIds").add(run);
        String notifier = internal("PUT", "/internal/v1/notifiers", notifierInput).path("id").asText();
        // alerts count for a notifier when they happened after it was created: the facts are dated after that
        Thread.sleep(2_000);

        List<String> expected = new ArrayList<>();
        Instant created = Instant.now().minus(10, ChronoUnit.DAYS);
        // 1. receiver down: A enters Build and leaves it
        Instant a1 = pastSecond(null);
        post(upsert(run, "A", project, created), move(run, "A", 1, "To Do", "In Progress", a1));
        expected.add(alertId(run, a1) + ":raised");
        awaitOrFail("the outbox holds A raised", 60, () -> outboxRows(notifier) >= 1);
        Instant a2 = pastSecond(a1);
        post(move(run, "A", 2, "In Progress", "Done", a2));
        expected.add(alertId(run, a1) + ":ended");
        awaitOrFail("the outbox holds A ended", 60, () -> outboxRows(notifier) >= 2);
        awaitOrFail("metrics-service tried the receiver while it was down", 60,
                () -> count("select coalesce(max(attempts), 0) from metrics.notifier_delivery where notifier_id = '"
                        + notifier + "'") >= 2);
        FaultDriver.log("%s: receiver down: %d events in the outbox, %d undelivered", NAME, outboxRows(notifier),
                pending(notifier));

        // 2. receiver up, answering 500
        HttpServer receiver = receiver(port);
        receiver.start();
        try {
            awaitOrFail("the receiver answered 500 twice", 60, () -> arrivalsAnswered(500) >= 2);
            FaultDriver.log("%s: receiver answers 500: %d refused so far; %d undelivered", NAME, arrivalsAnswered(500),
                    pending(notifier));

            // 3. metrics-service killed; B enters and leaves Build, C enters it
            FaultDriver.fault("crash", "start");
            Instant b1 = pastSecond(a2);
            Instant b2 = pastSecond(b1);
            Instant c1 = pastSecond(b2);
            post(upsert(run, "B", project, created), move(run, "B", 1, "To Do", "In Progress", b1),
                    move(run, "B", 2, "In Progress", "Done", b2), upsert(run, "C", project, created),
                    move(run, "C", 1, "To Do", "In Progress", c1));
            expected.add(alertId(run, b1) + ":raised");
            expected.add(alertId(run, b1) + ":ended");
            expected.add(alertId(run, c1) + ":raised");
            FaultDriver.log("%s: metrics-service down; B raised and ended, C raised meanwhile", NAME);
            Thread.sleep(3_000);

            // 4. metrics-service started again; 500 a while more, then 200
            FaultDriver.fault("crash", "stop");
            int refusedBefore = arrivalsAnswered(500);
            Thread.sleep(5_000);
            FaultDriver.log("%s: metrics-service up again, receiver refused %d more; now it answers 200", NAME,
                    arrivalsAnswered(500) - refusedBefore);
            answer.set(200);
            Set<String> wanted = Set.copyOf(expected);
            await(120, () -> accepted().containsAll(wanted) && pending(notifier) == 0);
            Thread.sleep(3_000); // a repeat still on its way shows now
        } finally {
            receiver.stop(0);
        }

        Result r;
        synchronized (arrivals) {
            r = evaluate(expected, arrivals);
            FaultDriver.log("%s: %d requests reached the receiver, in order:", NAME, arrivals.size());
            for (Arrival a : arrivals) {
                FaultDriver.log("  %-60s %s %s", a.key(), a.answered(), a.signatureValid() ? "signature valid"
                        : "SIGNATURE INVALID");
            }
        }
        r.pending = pending(notifier);
        if (r.unexpected > 0 || r.pending > 0) {
            FaultDriver.log("%s: %d accepted events not expected, %d still undelivered in the outbox", NAME,
                    r.unexpected, r.pending);
        }
        internal("DELETE", "/internal/v1/notifiers/" + notifier, null);
        return r;
    }

    /**
     * The figures of the receiver's arrivals, in the order they came, against the expected events (Idempotency-Keys)
     * in their order.
     */
    static Result evaluate(List<String> expected, List<Arrival> arrivals) {
        Result r = new Result();
        r.expected = expected.size();
        r.arrivals = arrivals.size();
        Map<String, Integer> acceptedTimes = new LinkedHashMap<>(); // by first 2xx arrival: how many 2xx
        for (Arrival a : arrivals) {
            if (!a.signatureValid()) {
                r.badSignatures++;
            }
            if (a.answered() / 100 == 2) {
                acceptedTimes.merge(a.key(), 1, Integer::sum);
            }
        }
        int lastRank = -1;
        for (Map.Entry<String, Integer> e : acceptedTimes.entrySet()) {
            int rank = expected.indexOf(e.getKey());
            r.duplicates += e.getValue() - 1;
            if (rank < 0) {
                r.unexpected++;
                continue;
            }
            r.received++;
            if (rank < lastRank) {
                r.outOfOrder++;
            }
            lastRank = Math.max(lastRank, rank);
        }
        r.lost = r.expected - r.received;
        return r;
    }

    private HttpServer receiver(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                String signature = exchange.getRequestHeaders().getFirst("X-Flowlens-Signature-256");
                int status = answer.get();
                synchronized (arrivals) {
                    arrivals.add(new Arrival(String.valueOf(key), signatureValid(body, signature), status));
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        return server;
    }

    /** GitHub's scheme, as docs/operations.md tells a receiver to check it: in constant time, over the raw body. */
    static boolean signatureValid(byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
            byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private int arrivalsAnswered(int status) {
        synchronized (arrivals) {
            return (int) arrivals.stream().filter(a -> a.answered() == status).count();
        }
    }

    private Set<String> accepted() {
        Set<String> keys = new LinkedHashSet<>();
        synchronized (arrivals) {
            arrivals.stream().filter(a -> a.answered() / 100 == 2).forEach(a -> keys.add(a.key()));
        }
        return keys;
    }

    static String alertId(String valueStreamId, Instant since) {
        return valueStreamId + ":WIP_LIMIT:Build:" + since.getEpochSecond();
    }

    /** A whole second in the past (facts after asOf raise nothing yet) and after {@code after}, waiting for one. */
    static Instant pastSecond(Instant after) throws InterruptedException {
        while (true) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
            if (after == null || t.isAfter(after)) {
                return t;
            }
            Thread.sleep(200);
        }
    }

    static ObjectNode upsert(String run, String item, String project, Instant created) {
        String itemId = run + ":" + item;
        return Events.event(itemId + ":up", "faults/notifier", "workitem.upserted", created, null, Json.object()
                .put("itemId", itemId).put("key", item).put("title", "Notifier fault item " + item)
                .put("itemType", "feature").put("project", project).put("status", "To Do")
                .put("createdAt", Events.iso(created)));
    }

    static ObjectNode move(String run, String item, int n, String from, String to, Instant at) {
        String itemId = run + ":" + item;
        return Events.event(itemId + ":mv:" + n, "faults/notifier", "workitem.transitioned", at, null,
                Events.transition(itemId, from, to, at));
    }

    /** One batch to ingest-service, sent again until it is accepted (202). */
    private void post(ObjectNode... events) throws IOException, InterruptedException {
        ArrayNode batch = Json.MAPPER.createArrayNode();
        for (ObjectNode e : events) {
            batch.add(e);
        }
        byte[] body = Json.bytes(batch);
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            int status;
            try {
                status = http.send(Http.events(ingest, ingestToken, body, "application/cloudevents-batch+json",
                        Duration.ofSeconds(15)), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            if (status == 202) {
                return;
            }
            if (status == 401) {
                ingestToken.invalidate();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("ingest did not accept the batch within 60 s (last: " + status + ")");
            }
            Thread.sleep(1_000);
        }
    }

    /** A call of metrics-service's internal API with the gateway's token; the answer, or an exception naming it. */
    private JsonNode internal(String method, String path, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(metrics + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + serviceToken.get());
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + metrics + path + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return Json.tree(r.body());
    }

    private long outboxRows(String notifier) {
        return count("select count(*) from metrics.notifier_delivery where notifier_id = '" + notifier + "'");
    }

    private long pending(String notifier) {
        return count("select count(*) from metrics.notifier_delivery where notifier_id = '" + notifier
                + "' and delivered_at is null");
    }

    private long count(String sql) {
        try {
            return Psql.count(db, sql);
        } catch (IOException | IllegalStateException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean await(int seconds, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(500);
        }
        return condition.getAsBoolean();
    }

    static void awaitOrFail(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        if (!await(seconds, condition)) {
            throw new IllegalStateException(NAME + ": not within " + seconds + " s: " + what);
        }
    }
}
