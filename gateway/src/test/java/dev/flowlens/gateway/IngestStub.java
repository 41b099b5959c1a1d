package dev.flowlens.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowlens.problem.BadInputException;
import dev.flowlens.problem.ConflictException;
import dev.flowlens.problem.NotFoundException;
import dev.flowlens.problem.UnauthorizedException;
import dev.flowlens.problem.UnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays ingest-service's internal connector API (docs/internal-api.md, "connectors and
 * replay"; ingest-service's ConnectorAdminResource) with fixed answers in its exact JSON,
 * including the fields the public API leaves out ({@code settings}, the run's counts), and
 * records the calls, like {@link MetricsStub} does for metrics-service. Every request must
 * carry a service token of flowlens-gateway; others are refused and recorded in
 * {@link #authProblems}.
 */
public final class IngestStub {

    /** Set by {@link IngestStubResource} when the test's Quarkus starts. */
    public static volatile IngestStub current;

    public static final String GITHUB = "c-github";
    public static final String JIRA = "c-jira";
    /** A connector whose sync is always already running: sync answers 409. */
    public static final String BUSY = "c-busy";
    public static final String NEW_ID = "c-new";
    public static final String RUN_ID = "run-1";
    public static final String SYNC = "POST /internal/v1/connectors/{id}/sync";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTORS = "/internal/v1/connectors";

    private final HttpServer server;
    private final RecordedCalls recorded = new RecordedCalls();
    public final List<String> authProblems = new CopyOnWriteArrayList<>();
    /** Paths of the sync calls, e.g. "/internal/v1/connectors/c-github/sync". */
    public final List<String> syncPaths = new CopyOnWriteArrayList<>();
    /** Answers of GET sync-progress of {@link #GITHUB}, one a call, the last repeated (issue 24). */
    private final List<ObjectNode> progress = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger progressCalls = new java.util.concurrent.atomic.AtomicInteger();

    IngestStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    public void reset() {
        progress.clear();
        progressCalls.set(0);
        recorded.clear();
        authProblems.clear();
        syncPaths.clear();
    }

    /** Calls seen for "METHOD /path" since the last reset, e.g. {@link #SYNC}. */
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
            boolean sync = path.startsWith(CONNECTORS + "/") && path.endsWith("/sync");
            String call = sync ? SYNC : method + " " + path;
            JsonNode body = recorded.record(call, exchange);

            String problem = MetricsStub.authProblem(exchange.getRequestHeaders().getFirst("Authorization"));
            if (problem != null) {
                authProblems.add(call + ": " + problem);
                MetricsStub.send(exchange, new UnauthorizedException(problem), path);
                return;
            }
            if (sync && method.equals("POST")) {
                syncPaths.add(path);
                sync(exchange, path.substring(CONNECTORS.length() + 1, path.length() - "/sync".length()));
            } else if (path.equals(CONNECTORS) && method.equals("GET")) {
                MetricsStub.send(exchange, 200, JSON.createArrayNode()
                        .add(connector(GITHUB, "GITHUB", "Payments repos", "https://github.com", "acme/payments,acme/ledger",
                                null, null))
                        .add(connector(JIRA, "JIRA", "Jira PAY", "https://acme.atlassian.net", "project = PAY",
                                "2026-03-02T09:15:00Z", "GET /rest/api/3/search answered 401 (the connector's token was "
                                        + "refused: check it)")));
            } else if (path.equals(CONNECTORS) && method.equals("PUT")) {
                save(exchange, body);
            } else if (path.equals(CONNECTORS + "/test") && method.equals("POST")) {
                testConnector(exchange, body);
            } else if (path.startsWith(CONNECTORS + "/") && path.endsWith("/sync-run-page") && method.equals("GET")) {
                syncRunPage(exchange, path.substring(CONNECTORS.length() + 1, path.length() - "/sync-run-page".length()),
                        exchange.getRequestURI().getQuery());
            } else if (path.startsWith(CONNECTORS + "/") && path.endsWith("/sync-progress") && method.equals("GET")) {
                syncProgress(exchange, path.substring(CONNECTORS.length() + 1, path.length() - "/sync-progress".length()));
            } else if (path.startsWith(CONNECTORS + "/") && method.equals("DELETE")) {
                String id = path.substring(CONNECTORS.length() + 1);
                MetricsStub.send(exchange, 200, JSON.createObjectNode().put("deleted",
                        id.equals(GITHUB) || id.equals(JIRA)));
            } else {
                MetricsStub.send(exchange, new NotFoundException("stub does not play " + method + " " + path), path);
            }
        } catch (RuntimeException e) {
            authProblems.add("stub failure: " + e);
            throw e;
        }
    }

    /**
     * As ConnectorAdminResource.save: 400 naming the field, 503 without a secret key, else the view without secrets.
     * {@link #GITHUB} and {@link #JIRA} are stored with a token and a webhook secret, which a replace that changes
     * their kind or baseUrl must give again (400 naming the missing ones, in ingest-service's words).
     */
    private void save(HttpExchange exchange, JsonNode in) throws IOException {
        String moved = secretsRequired(in);
        if (moved != null) {
            MetricsStub.send(exchange, BadInputException.of(moved), CONNECTORS);
            return;
        }
        switch (in.path("name").asText()) {
            case "bad" -> MetricsStub.send(exchange, new BadInputException("baseUrl",
                    "must be an http(s) URL, got '" + in.path("baseUrl").asText() + "'"), CONNECTORS);
            case "explode" -> MetricsStub.send(exchange,
                    new UnavailableException("FLOWLENS_SECRET_KEY is not set: a connector secret cannot be stored"), CONNECTORS);
            default -> {
                String id = in.hasNonNull("id") ? in.get("id").asText() : NEW_ID;
                MetricsStub.send(exchange, 200, connector(id, in.path("kind").asText(), in.path("name").asText(),
                        in.path("baseUrl").asText(), in.path("selector").asText(), null, null));
            }
        }
    }

    /** ConnectorStore's refusal of a replace that moves a stored connector without its secrets, or null. */
    private static String secretsRequired(JsonNode in) {
        String id = in.path("id").asText();
        String[] stored = id.equals(GITHUB) ? new String[] {"GITHUB", "https://github.com"}
                : id.equals(JIRA) ? new String[] {"JIRA", "https://acme.atlassian.net"} : null;
        if (stored == null) {
            return null;
        }
        String kind = in.path("kind").asText();
        String baseUrl = in.path("baseUrl").asText();
        String change = !kind.equals(stored[0]) ? "kind changes from " + stored[0] + " to " + kind
                : !baseUrl.replaceAll("/+$", "").equals(stored[1]) ? "baseUrl changes from '" + stored[1] + "' to '" + baseUrl + "'"
                : null;
        List<String> missing = new java.util.ArrayList<>();
        if (!in.hasNonNull("token")) {
            missing.add("token");
        }
        if (!in.hasNonNull("webhookSecret")) {
            missing.add("webhookSecret");
        }
        return change == null || missing.isEmpty() ? null : String.join(" and ", missing) + ": required again because "
                + change + " (stored secrets are only kept for the tool and address they were saved for)";
    }

    /** As ConnectorAdminResource.sync: 202 RUNNING run, 409 while running, 404 for an unknown id. */
    private void sync(HttpExchange exchange, String id) throws IOException {
        if (id.equals(BUSY)) {
            MetricsStub.send(exchange, new ConflictException("connector '" + id + "' is already syncing (run run-0)"),
                    CONNECTORS + "/" + id + "/sync");
        } else if (id.equals(GITHUB) || id.equals(JIRA)) {
            ObjectNode run = JSON.createObjectNode().put("id", RUN_ID).put("connectorId", id)
                    .put("startedAt", "2026-03-02T09:15:00Z").put("status", "RUNNING").put("trigger", "MANUAL")
                    .put("pages", 0).put("items", 0).put("stored", 0).put("events", 0);
            run.putObject("progress");
            MetricsStub.send(exchange, 202, run);
        } else {
            MetricsStub.send(exchange, new NotFoundException("no connector '" + id + "'"), CONNECTORS + "/" + id + "/sync");
        }
    }

    /** What the next GET sync-progress of {@link #GITHUB} answer, one a call, the last one repeated. */
    public void progress(ObjectNode... runs) {
        progress.clear();
        progressCalls.set(0);
        progress.addAll(List.of(runs));
    }

    /** A run in ingest-service's JSON (ConnectorAdminResource.runView), counts and all. */
    public static ObjectNode run(String id, String status, int pages, int items, int events) {
        ObjectNode run = JSON.createObjectNode().put("id", id).put("connectorId", GITHUB).put("startedAt", "2026-03-02T09:15:00Z")
                .put("status", status).put("trigger", "MANUAL").put("pages", pages).put("items", items).put("stored", items)
                .put("events", events).put("requests", pages).put("rateLimitWaits", 0);
        run.putObject("progress");
        if (!status.equals("RUNNING")) {
            run.put("finishedAt", "2026-03-02T09:20:00Z");
        }
        return run;
    }

    /** As ConnectorAdminResource.test: the checks; a token "refused" is refused as GitHub refuses it. */
    private void testConnector(HttpExchange exchange, JsonNode in) throws IOException {
        boolean refused = "refused".equals(in.path("token").asText());
        ObjectNode answer = JSON.createObjectNode().put("ok", !refused);
        var checks = answer.putArray("checks");
        checks.addObject().put("name", "address").put("ok", true);
        if (refused) {
            checks.addObject().put("name", "credentials").put("ok", false)
                    .put("message", "GET /user answered 401 (the connector's token was refused: check it): Bad credentials");
            checks.addObject().put("name", "selector " + in.path("selector").asText()).put("ok", false)
                    .put("message", "not checked: the credentials were refused");
        } else {
            checks.addObject().put("name", "credentials").put("ok", true).put("message", "accepted for octocat");
            checks.addObject().put("name", "selector " + in.path("selector").asText()).put("ok", true).put("message", "readable");
        }
        MetricsStub.send(exchange, 200, answer);
    }

    /** As ConnectorAdminResource.syncRunPage: GITHUB has three runs, paged by the cursors "c1", "c2". */
    private void syncRunPage(HttpExchange exchange, String id, String query) throws IOException {
        if (!id.equals(GITHUB)) {
            MetricsStub.send(exchange, new NotFoundException("no connector '" + id + "'"), CONNECTORS + "/" + id + "/sync-run-page");
            return;
        }
        String after = query == null ? "" : java.util.Arrays.stream(query.split("&")).filter(p -> p.startsWith("after="))
                .map(p -> p.substring(6)).findFirst().orElse("");
        List<ObjectNode> all = List.of(run("run-3", "FAILED", 2, 40, 12).put("error", "GET /repos/acme/ledger/issues answered 404"),
                run("run-2", "SUCCEEDED", 3, 250, 90), run("run-1", "SUCCEEDED", 9, 812, 301));
        int from = after.equals("c1") ? 1 : after.equals("c2") ? 2 : 0;
        ObjectNode page = JSON.createObjectNode().put("total", all.size());
        page.putArray("items").add(all.get(from));
        if (from < 2) {
            page.put("nextCursor", "c" + (from + 1));
        }
        MetricsStub.send(exchange, 200, page);
    }

    /** As ConnectorAdminResource.syncProgress: the answers set by {@link #progress}, 204 for JIRA, 404 for others. */
    private void syncProgress(HttpExchange exchange, String id) throws IOException {
        if (id.equals(GITHUB) && !progress.isEmpty()) {
            MetricsStub.send(exchange, 200, progress.get(Math.min(progressCalls.getAndIncrement(), progress.size() - 1)));
        } else if (id.equals(GITHUB) || id.equals(JIRA)) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            MetricsStub.send(exchange, new NotFoundException("no connector '" + id + "'"), CONNECTORS + "/" + id + "/sync-progress");
        }
    }

    private static ObjectNode connector(String id, String kind, String name, String baseUrl, String selector,
            String lastSyncAt, String lastError) {
        ObjectNode c = JSON.createObjectNode().put("id", id).put("kind", kind).put("name", name).put("baseUrl", baseUrl)
                .put("selector", selector).put("lastSyncAt", lastSyncAt).put("lastError", lastError)
                .put("webhookUrl", "http://localhost:8081/webhooks/" + kind.toLowerCase() + "/" + id);
        ObjectNode settings = c.putObject("settings");
        settings.putObject("itemTypes").put("bug", "defect");
        settings.putArray("incidentLabels").add("incident");
        settings.putArray("productionEnvironments").add("production").add("prod");
        settings.put("keyPattern", "\\b[A-Z][A-Z0-9]+-\\d+\\b");
        return c;
    }
}
