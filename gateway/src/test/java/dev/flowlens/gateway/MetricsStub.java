package dev.flowlens.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.problem.BadInputException;
import dev.flowlens.problem.NotFoundException;
import dev.flowlens.problem.Problem;
import dev.flowlens.problem.ProblemException;
import dev.flowlens.problem.UnauthorizedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays metrics-service's internal API (docs/internal-api.md) with fixed answers and counts
 * the calls. metrics-service is written concurrently by another team and may not run here;
 * what these tests check is the gateway's own behaviour (batching, visibility filtering,
 * error translation, the service token it sends), which needs a counting peer, not real
 * metrics. Every request must carry a bearer token that Keycloak issued to flowlens-gateway
 * with the realm role service; others are refused and recorded in {@link #authProblems}.
 */
public final class MetricsStub {

    /** Set by {@link MetricsStubResource} when the test's Quarkus starts. */
    public static volatile MetricsStub current;

    public static final String PAYMENTS = "vs-payments";
    public static final String OPS = "vs-ops";
    /** Visible to the sub-group payments of ops, which is not the group payments. */
    public static final String OPS_PAYMENTS = "vs-ops-payments";
    public static final int PUBLIC_STREAMS = 20;
    /** PAYMENTS, OPS and OPS_PAYMENTS. */
    public static final int GROUPED_STREAMS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The dead-letter queue as metrics-service lists it, oldest first. */
    public static final List<ObjectNode> DEAD_LETTERS = List.of(
            JSON.createObjectNode().put("ceId", "ev-1").put("routingKey", "workitem.transitioned")
                    .put("reason", "rejected").put("deaths", 1)
                    .put("error", "not a valid flow event: event 0 of the batch: data.to: required")
                    .put("body", "{\"id\":\"ev-1\"}"),
            JSON.createObjectNode().putNull("ceId").put("routingKey", "workitem.upserted")
                    .put("reason", "delivery_limit").put("deaths", 20).putNull("error")
                    .put("body", "<b>not markup</b>"),
            JSON.createObjectNode().put("ceId", "ev-3").put("routingKey", "deployment.finished")
                    .put("reason", "rejected").put("deaths", 2).put("error", "not a valid flow event: not JSON")
                    .put("body", "garbage"));

    private final HttpServer server;
    private final RecordedCalls recorded = new RecordedCalls();
    public final List<String> authProblems = new CopyOnWriteArrayList<>();
    /** The bearer tokens seen since the last reset: one while the gateway caches its service token. */
    public final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
    /** When false, DORA answers like the others instead of HTTP 500; reset sets it back to true. */
    public volatile boolean doraFails = true;
    private volatile Rendezvous rendezvous;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Map<String, ObjectNode> streams = new LinkedHashMap<>();

    MetricsStub() throws IOException {
        for (int i = 1; i <= PUBLIC_STREAMS; i++) {
            String id = "vs-%02d".formatted(i);
            streams.put(id, stream(id, "Stream " + i, List.of()));
        }
        streams.put(PAYMENTS, stream(PAYMENTS, "Payments", List.of("payments")));
        streams.put(OPS, stream(OPS, "Ops", List.of("ops")));
        streams.put(OPS_PAYMENTS, stream(OPS_PAYMENTS, "Ops payments", List.of("/ops/payments")));
        // contract v2 settings on one stream: an SLE and a WIP limit
        streams.get(PAYMENTS).putObject("sle").put("days", 8.5).put("percentile", 85);
        ((ObjectNode) streams.get(PAYMENTS).get("stages").get(0)).put("wipLimit", 3);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // one thread per request, like a real server: the gateway may call concurrently
        server.setExecutor(handlers);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    public void reset() {
        recorded.clear();
        authProblems.clear();
        tokensSeen.clear();
        doraFails = true;
        rendezvous = null;
    }

    /**
     * Until the next reset, each of these calls ("POST /internal/v1/metrics/flow", ...) is held
     * until all of them have arrived, for at most maxWaitSeconds; one that waited in vain is
     * answered 400 "rendezvous missed: ..." (not retried by the gateway). Only a gateway that
     * makes these calls concurrently gets normal answers.
     */
    public void holdUntilAllArrive(Set<String> calls, long maxWaitSeconds) {
        rendezvous = new Rendezvous(Set.copyOf(calls), ConcurrentHashMap.newKeySet(),
                new CountDownLatch(calls.size()), maxWaitSeconds);
    }

    private record Rendezvous(Set<String> expected, Set<String> arrived, CountDownLatch allThere, long maxWaitSeconds) {

        /** false when the others did not arrive in time. */
        boolean meet(String call) throws InterruptedException {
            if (!expected.contains(call)) {
                return true;
            }
            if (arrived.add(call)) {
                allThere.countDown();
            }
            return allThere.await(maxWaitSeconds, TimeUnit.SECONDS);
        }
    }

    /** Calls seen for "METHOD /path" since the last reset, e.g. "POST /internal/v1/metrics/flow". */
    public int calls(String call) {
        return recorded.calls(call);
    }

    public int totalCalls() {
        return recorded.totalCalls();
    }

    /** Request bodies seen for a call, in order. */
    public List<JsonNode> bodies(String call) {
        return recorded.bodies(call);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String call = method + " " + (path.startsWith("/internal/v1/value-streams/")
                    ? "/internal/v1/value-streams/{id}" : path.startsWith("/internal/v1/notifiers/")
                    ? "/internal/v1/notifiers/{id}" : path);
            JsonNode body = recorded.record(call, exchange);

            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String problem = authProblem(authorization);
            if (problem != null) {
                authProblems.add(call + ": " + problem);
                send(exchange, new UnauthorizedException(problem), call);
                return;
            }
            tokensSeen.add(authorization);
            Rendezvous meeting = rendezvous;
            if (meeting != null && !meeting.meet(call)) {
                send(exchange, BadInputException.of("rendezvous missed: " + call + " waited in vain for "
                        + meeting.expected()), call);
                return;
            }
            answer(exchange, method, path, body, limit(exchange.getRequestURI().getQuery()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            authProblems.add("stub failure: " + e);
            throw e;
        }
    }

    private void answer(HttpExchange exchange, String method, String path, JsonNode body, int limit)
            throws IOException {
        switch (method + " " + path) {
            case "GET /internal/v1/value-streams" -> send(exchange, 200, JSON.valueToTree(streams.values()));
            case "GET /internal/v1/dead-letters" -> {
                ArrayNode letters = JSON.createArrayNode();
                DEAD_LETTERS.stream().limit(limit).forEach(letters::add);
                send(exchange, 200, letters);
            }
            case "POST /internal/v1/dead-letters/redrive" -> {
                int moved = Math.min(limit, DEAD_LETTERS.size());
                send(exchange, 200, JSON.createObjectNode().put("moved", moved)
                        .put("remaining", DEAD_LETTERS.size() - moved));
            }
            case "PUT /internal/v1/value-streams" -> save(exchange, body);
            case "GET /internal/v1/notifiers" -> send(exchange, 200, JSON.createArrayNode().add(NOTIFIER));
            case "PUT /internal/v1/notifiers" -> saveNotifier(exchange, body);
            case "DELETE /internal/v1/notifiers/" + NOTIFIER_ID -> send(exchange, 200, JSON.createObjectNode().put("deleted", true));
            case "POST /internal/v1/metrics/flow" -> send(exchange, 200, perId(body, id -> flow(windowDays(body))));
            case "POST /internal/v1/metrics/stages" -> send(exchange, 200, perId(body, id -> stages()));
            case "POST /internal/v1/metrics/dora" -> {
                if (doraFails) {
                    // a 500 with more in it than metrics-service tells: none of it may reach a GraphQL client
                    send(exchange, 500, ((ObjectNode) JSON.readTree(Problem.internalError("e-1", path).json()))
                            .put("detail", "java.lang.IllegalStateException: boom"));
                } else {
                    send(exchange, 200, perId(body, id -> dora()));
                }
            }
            case "POST /internal/v1/metrics/deployments-list" -> send(exchange, 200, perId(body, id -> deploymentsList()));
            case "POST /internal/v1/metrics/changes-list" -> send(exchange, 200, perId(body, id -> changesList()));
            case "POST /internal/v1/metrics/delivery" -> send(exchange, 200, perId(body, id -> delivery()));
            case "POST /internal/v1/metrics/to-production" -> send(exchange, 200, perId(body, id -> toProduction()));
            case "POST /internal/v1/metrics/forecast" -> send(exchange, 200, perId(body, id -> forecast()));
            case "POST /internal/v1/metrics/aging-wip" ->
                    send(exchange, BadInputException.of("asOf: not before the first event"), path);
            case "POST /internal/v1/metrics/finished-items" -> send(exchange, 200, perId(body, MetricsStub::finishedItems));
            case "POST /internal/v1/metrics/alerts" -> send(exchange, 200, perId(body, MetricsStub::alerts));
            case "POST /internal/v1/metrics/work-items" -> send(exchange, 200, perId(body, id -> JSON.createObjectNode()
                    .put("total", 0).putNull("nextCursor").set("items", JSON.createArrayNode())));
            default -> {
                if (path.startsWith("/internal/v1/notifiers/") && method.equals("DELETE")) {
                    send(exchange, 200, JSON.createObjectNode().put("deleted", false));
                } else if (path.startsWith("/internal/v1/value-streams/")) {
                    String id = path.substring("/internal/v1/value-streams/".length());
                    ObjectNode stream = streams.get(id);
                    if (method.equals("DELETE")) {
                        send(exchange, 200, JSON.createObjectNode().put("deleted", stream != null));
                    } else if (stream == null) {
                        send(exchange, new NotFoundException("no value stream " + id), path);
                    } else {
                        send(exchange, 200, stream);
                    }
                } else {
                    send(exchange, new NotFoundException("stub does not play " + path), path);
                }
            }
        }
    }

    /** The one stored notifier, as metrics-service answers it: never a secret. */
    public static final String NOTIFIER_ID = "nt-pager";
    public static final ObjectNode NOTIFIER = JSON.createObjectNode().put("id", NOTIFIER_ID).put("name", "Pager")
            .put("url", "https://hooks.example.com/flowlens").put("format", "JSON")
            .put("lastDeliveryAt", "2026-03-02T09:15:00Z").put("lastError", "2026-03-02T09:20:00Z: POST of a:raised to "
                    + "hooks.example.com answered 503; next attempt in 2 s").put("pending", 2);

    static {
        NOTIFIER.putArray("valueStreamIds").add(PAYMENTS);
    }

    /** Saves as metrics-service does, after its checks: a name "bad" or an unknown stream is its 400. */
    private void saveNotifier(HttpExchange exchange, JsonNode input) throws IOException {
        for (JsonNode id : input.path("valueStreamIds")) {
            if (!streams.containsKey(id.asText())) {
                send(exchange, new BadInputException("valueStreamIds", "no value stream " + id.asText()), "/internal/v1/notifiers");
                return;
            }
        }
        if (input.path("url").asText().contains("169.254.169.254")) {
            send(exchange, new BadInputException("url", "169.254.169.254 is a link-local address, which outbound calls "
                    + "may not reach unless flowlens.outbound.allow lists it"), "/internal/v1/notifiers");
            return;
        }
        ObjectNode saved = JSON.createObjectNode().put("id", input.hasNonNull("id") ? input.get("id").asText() : "nt-new")
                .put("name", input.path("name").asText()).put("url", input.path("url").asText())
                .put("format", input.path("format").asText("JSON")).putNull("lastDeliveryAt").putNull("lastError")
                .put("pending", 0);
        saved.set("valueStreamIds", input.path("valueStreamIds"));
        send(exchange, 200, saved);
    }

    private void save(HttpExchange exchange, JsonNode input) throws IOException {
        switch (input.path("name").asText()) {
            case "bad" -> send(exchange, BadInputException.of("stages[0].statuses: \"Done\" is also a done status"),
                    "/internal/v1/value-streams");
            case "explode" -> send(exchange, 500,
                    JSON.readTree(Problem.internalError("e-2", "/internal/v1/value-streams").json()));
            default -> {
                ObjectNode saved = input.deepCopy();
                saved.put("id", input.hasNonNull("id") ? input.get("id").asText() : "vs-new");
                send(exchange, 200, saved);
            }
        }
    }

    /** The query parameter limit of the dead-letter calls (metrics-service's default 100 when absent). */
    private static int limit(String query) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("limit=")) {
                    return Integer.parseInt(pair.substring("limit=".length()));
                }
            }
        }
        return 100;
    }

    private static ObjectNode perId(JsonNode body, java.util.function.Function<String, JsonNode> answer) {
        ObjectNode result = JSON.createObjectNode();
        body.path("valueStreamIds").forEach(id -> result.set(id.asText(), answer.apply(id.asText())));
        return result;
    }

    private static ObjectNode stream(String id, String name, List<String> groups) {
        ObjectNode stream = JSON.createObjectNode().put("id", id).put("name", name);
        ObjectNode scope = stream.putObject("scope");
        scope.putArray("projects").add("PAY");
        scope.putArray("teams");
        scope.putArray("itemTypes").add("FEATURE");
        scope.putArray("services");
        scope.putArray("repositories");
        ObjectNode stage = stream.putArray("stages").addObject().put("name", "Build").put("kind", "ACTIVE");
        stage.putArray("statuses").add("In Progress");
        stream.putArray("doneStatuses").add("Done");
        stream.putArray("productionEnvironments").add("production");
        ArrayNode visible = stream.putArray("visibleToGroups");
        groups.forEach(visible::add);
        return stream;
    }

    /** Days in the request's window: lets a test see which window an answer was computed for. */
    private static int windowDays(JsonNode body) {
        JsonNode window = body.path("window");
        return (int) java.time.Duration.between(java.time.Instant.parse(window.path("from").asText()),
                java.time.Instant.parse(window.path("to").asText())).toDays();
    }

    private static JsonNode flow(int velocity) {
        ObjectNode stats = stats(4);
        ObjectNode flow = JSON.createObjectNode().put("velocity", velocity).put("flowEfficiency", 0.25).put("load", 3)
                .put("sleAttainment", 0.75);
        flow.set("flowTime", stats);
        flow.set("leadTime", stats);
        flow.putArray("velocityByType").addObject().put("itemType", "FEATURE").put("count", 7);
        flow.putArray("velocitySeries").addObject().put("start", "2026-01-05T00:00:00Z")
                .put("end", "2026-01-12T00:00:00Z").put("value", 7.0);
        flow.putArray("loadByType").addObject().put("itemType", "DEFECT").put("count", 3);
        flow.putArray("loadSeries");
        flow.putArray("distribution").addObject().put("itemType", "FEATURE").put("share", 1.0);
        flow.putArray("loadDistribution").addObject().put("itemType", "DEFECT").put("share", 1.0);
        return flow;
    }

    /** One finished item per stream, withinSle null for streams without an SLE. */
    private static JsonNode finishedItems(String id) {
        ArrayNode items = JSON.createArrayNode();
        ObjectNode item = items.addObject().put("itemId", id + "-i1").put("key", "PAY-1").put("itemType", "DEFECT")
                .put("flowEnd", "2026-02-01T10:00:00Z").put("flowTimeSeconds", 7200.0).put("activeSeconds", 3600.0);
        if (PAYMENTS.equals(id)) {
            item.put("withinSle", true);
        } else {
            item.putNull("withinSle");
        }
        return items;
    }

    /** One open WIP_LIMIT alert per stream. */
    private static JsonNode alerts(String id) {
        ArrayNode alerts = JSON.createArrayNode();
        alerts.addObject().put("id", id + ":WIP_LIMIT:Build:1769940000").put("valueStreamId", id)
                .put("kind", "WIP_LIMIT").put("stage", "Build").putNull("itemId").put("since", "2026-02-01T10:00:00Z")
                .putNull("until");
        return alerts;
    }

    private static JsonNode forecast() {
        ObjectNode forecast = JSON.createObjectNode().putNull("reason");
        forecast.putArray("points").addObject().put("confidence", 85).put("days", 12)
                .put("date", "2026-02-01T00:00:00Z").put("items", 10);
        return forecast;
    }

    private static JsonNode stages() {
        ArrayNode stages = JSON.createArrayNode();
        stages.addObject().put("stage", "Build").put("kind", "ACTIVE").put("itemsVisited", 4).put("totalSeconds", 400.0)
                .put("share", 0.4).put("wip", 1).putNull("averageWipAgeSeconds").put("isBottleneck", false)
                .set("time", stats(4));
        stages.addObject().put("stage", "Review").put("kind", "WAITING").put("itemsVisited", 4).put("totalSeconds", 600.0)
                .put("share", 0.6).put("wip", 2).put("averageWipAgeSeconds", 90.0).put("isBottleneck", true)
                .set("time", stats(4));
        return stages;
    }

    private static JsonNode dora() {
        ObjectNode dora = JSON.createObjectNode().put("deployments", 12);
        dora.putObject("deploymentFrequency").put("value", 0.5).putNull("band");
        dora.set("leadTimeForChanges", stats(12));
        dora.putNull("leadTimeBand");
        dora.putObject("changeFailureRate").put("value", 0.1).putNull("band");
        dora.set("timeToRestore", stats(1));
        dora.putNull("timeToRestoreBand");
        dora.set("failedDeploymentRecoveryTime", stats(2));
        dora.put("failedDeploymentRecoveryBand", "HIGH");
        dora.put("unrecoveredDeployments", 1);
        dora.put("reworkRate", 0.25);
        return dora;
    }

    private static JsonNode deploymentsList() {
        com.fasterxml.jackson.databind.node.ArrayNode list = JSON.createArrayNode();
        ObjectNode d = list.addObject().put("deploymentId", "d1").put("service", "payments-api")
                .put("environment", "production").put("finishedAt", "2026-03-02T10:00:00Z").put("failed", true)
                .put("rework", false).putNull("rollbackOf").put("recoverySeconds", 3600.0);
        d.putArray("incidents").addObject().put("incidentId", "i1").put("rule", "WINDOW");
        list.addObject().put("deploymentId", "d2").put("service", "payments-api").put("environment", "production")
                .put("finishedAt", "2026-03-02T11:00:00Z").put("failed", false).put("rework", true)
                .put("rollbackOf", "d1").putNull("recoverySeconds").putArray("incidents");
        return list;
    }

    private static JsonNode changesList() {
        com.fasterxml.jackson.databind.node.ArrayNode list = JSON.createArrayNode();
        list.addObject().put("changeId", "pr-1").put("repository", "acme/payments")
                .put("mergedAt", "2026-03-02T10:00:00Z").put("codingSeconds", 3600.0).put("pickupSeconds", 60.0)
                .put("reviewSeconds", 90.0).put("deploySeconds", 7200.0).put("timeToMergeSeconds", 3750.0)
                .put("reviewed", true).put("deployedAt", "2026-03-02T12:00:00Z").putArray("workItemKeys").add("PAY-1");
        list.addObject().put("changeId", "pr-2").put("repository", "acme/payments")
                .put("mergedAt", "2026-03-03T10:00:00Z").putNull("codingSeconds").putNull("pickupSeconds")
                .putNull("reviewSeconds").putNull("deploySeconds").put("timeToMergeSeconds", -30.0)
                .put("reviewed", false).putNull("deployedAt").putArray("workItemKeys");
        return list;
    }

    private static JsonNode delivery() {
        ObjectNode d = JSON.createObjectNode().put("merged", 7).put("unreviewedShare", 0.25).put("slowestPhase", "review");
        for (String phase : new String[] {"codingTime", "pickupTime", "reviewTime", "deployTime", "timeToMerge"}) {
            d.set(phase, stats(7));
        }
        return d;
    }

    private static JsonNode toProduction() {
        ObjectNode p = JSON.createObjectNode().put("delivered", 3).put("releaseQueue", 2);
        p.set("ideaToProduction", stats(3));
        p.set("doneToProduction", stats(2));
        return p;
    }

    private static ObjectNode stats(int count) {
        return JSON.createObjectNode().put("count", count).put("mean", 100.0).put("p50", 90.0).put("p85", 150.0)
                .put("p95", 200.0);
    }

    /**
     * null when the header carries a service token of flowlens-gateway, else what is wrong.
     * Shared with {@link IngestStub}.
     */
    static String authProblem(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "no bearer token";
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return "bearer token is not a JWT";
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"flowlens-gateway".equals(claims.path("azp").asText())) {
                return "token issued to " + claims.path("azp").asText() + ", not flowlens-gateway";
            }
            for (JsonNode role : claims.path("realm_access").path("roles")) {
                if (role.asText().equals("service")) {
                    return null;
                }
            }
            return "token lacks the realm role service";
        } catch (IOException | IllegalArgumentException e) {
            return "unreadable token: " + e.getMessage();
        }
    }

    /** The problem details the services answer a refusal with (the same record, the same mapper's shape). */
    static void send(HttpExchange exchange, ProblemException refusal, String path) throws IOException {
        byte[] bytes = refusal.problem(path).json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", Problem.MEDIA_TYPE);
        exchange.sendResponseHeaders(refusal.type().status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? Problem.MEDIA_TYPE : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
