package dev.flowlens.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorConfig;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.pull.ConnectionTester;
import dev.flowlens.ingest.connector.pull.SyncService;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import dev.flowlens.ingest.connector.store.ConnectorStore;
import dev.flowlens.ingest.connector.store.SecretBox;
import dev.flowlens.ingest.connector.store.SyncRun;
import dev.flowlens.ingest.connector.store.SyncStore;
import dev.flowlens.outbound.AddressGuard;
import dev.flowlens.problem.BadInputException;
import dev.flowlens.problem.ConflictException;
import dev.flowlens.problem.NotFoundException;
import dev.flowlens.problem.UnavailableException;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connector admin for the gateway ({@code connectors}, {@code saveConnector},
 * {@code syncConnector} of schema.graphql); docs/internal-api.md. Secrets are write-only.
 */
@Path("/internal/v1/connectors")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorAdminResource {

    /** schema.graphql {@code Connector}: never a token or secret. */
    public record Connector(String id, String kind, String name, String baseUrl, String selector, Instant lastSyncAt,
            String lastError, String webhookUrl, JsonNode settings) {
    }

    /** schema.graphql {@code ConnectorInput}, plus the optional mapping {@code settings} (docs/connectors.md). */
    public record ConnectorInput(String id, String kind, String name, String baseUrl, String token, String webhookSecret,
            String selector, JsonNode settings) {
    }

    private final ConnectorStore store;
    private final ConnectorConfig config;
    private final SyncService sync;
    private final SyncStore syncStore;
    private final AddressGuard addresses;
    private final ConnectionTester tester;
    private final SecretBox secrets;

    public ConnectorAdminResource(ConnectorStore store, ConnectorConfig config, SyncService sync, SyncStore syncStore,
            AddressGuard addresses, ConnectionTester tester, SecretBox secrets) {
        this.tester = tester;
        this.secrets = secrets;
        this.store = store;
        this.config = config;
        this.sync = sync;
        this.syncStore = syncStore;
        this.addresses = addresses;
    }

    @GET
    public Uni<List<Connector>> list() {
        return store.list().map(all -> all.stream().map(this::view).toList());
    }

    /** Creates or replaces a connector: 200 with it, or a 400 problem naming the field (503 without the secret key). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Connector> save(ConnectorInput in) {
        if (in == null) {
            throw new BadInputException("body", "a ConnectorInput JSON object is required");
        }
        ConnectorKind kind = ConnectorKind.parse(in.kind()).orElse(null);
        if (kind == null) {
            throw new BadInputException("kind", "must be one of " + java.util.Arrays.stream(ConnectorKind.values()).map(Enum::name)
                    .collect(java.util.stream.Collectors.joining(", ")) + ", got '" + in.kind() + "'");
        }
        for (var f : new String[][] {{"name", in.name()}, {"baseUrl", in.baseUrl()}, {"selector", in.selector()}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new BadInputException(f[0], "is required");
            }
        }
        if (!in.baseUrl().startsWith("https://") && !in.baseUrl().startsWith("http://")) {
            throw new BadInputException("baseUrl", "must be an http(s) URL, got '" + in.baseUrl() + "'");
        }
        String host;
        try {
            host = new URI(in.baseUrl().trim()).getHost();
        } catch (URISyntaxException e) {
            host = null;
        }
        if (host == null) {
            throw new BadInputException("baseUrl", "not a URL with a host, got '" + in.baseUrl() + "'");
        }
        // where the pull will connect: refused addresses are named now (each request checks again, DNS may change)
        String checked = host;
        // resolves on a worker thread, and comes back to the request's event loop, where Hibernate Reactive saves
        return VertxContextSupport.executeBlocking(() -> {
            addresses.checkHost(checked);
            return kind;
        }).chain(k -> saveChecked(in, k))
                .onFailure(AddressGuard.Refused.class).transform(e -> new BadInputException("baseUrl", e.getMessage()));
    }

    private Uni<Connector> saveChecked(ConnectorInput in, ConnectorKind kind) {
        Uni<ConnectorStore.Stored> saved;
        try {
            saved = store.save(new ConnectorStore.Input(in.id(), kind, in.name().trim(), in.baseUrl().trim(), in.token(),
                    in.webhookSecret(), in.selector().trim(), in.settings()));
        } catch (SecretBox.NoKeyException e) {
            throw new UnavailableException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(e.getMessage()); // the store's refusal of malformed settings, naming the field
        }
        return saved.map(this::view)
                .onFailure(ConnectorStore.SecretsRequired.class).transform(e -> BadInputException.of(e.getMessage()));
    }

    /**
     * Deletes a connector: {@code {"deleted": true}}, or false when there was none with this id. Its webhooks are
     * refused from then on (404), its cursors and sync runs go, its raw archive rows stay (see
     * {@link ConnectorStore#delete}).
     */
    @DELETE
    @Path("/{id}")
    public Uni<Map<String, Boolean>> delete(@PathParam("id") String id) {
        return store.delete(id).map(deleted -> Map.of("deleted", deleted));
    }

    /**
     * Starts a pull of the connector in the background: 202 with the RUNNING {@code SyncRun}, 409
     * when a run of it is still going (here or in another instance), 404 for an unknown id.
     */
    @POST
    @Path("/{id}/sync")
    public Uni<Response> sync(@PathParam("id") String id) {
        return sync.start(id, SyncRun.Trigger.MANUAL).map(start -> {
            if (start instanceof SyncService.Start.Started s) {
                return Response.accepted(runView(s.run())).build();
            }
            if (start instanceof SyncService.Start.AlreadyRunning a) {
                throw new ConflictException("connector '" + id + "' is already syncing"
                        + a.run().map(r -> " (run " + r.id() + ")").orElse(""));
            }
            throw unknown(id);
        });
    }

    /** A connector's latest sync runs, newest first, with their counts, per-resource progress and error. */
    @GET
    @Path("/{id}/sync-runs")
    public Uni<List<Map<String, Object>>> syncRuns(@PathParam("id") String id) {
        return store.find(id).chain(found -> {
            if (found.isEmpty()) {
                throw unknown(id);
            }
            return syncStore.runs(id, 50).map(runs -> runs.stream().map(ConnectorAdminResource::runView).toList());
        });
    }

    /** The answer of a connection test: {@code ok} when every check passed; each check ok or the tool's message. */
    public record TestResult(boolean ok, List<ToolCheck.Check> checks) {
    }

    /**
     * Tests a connector without saving it ({@code testConnector}): the address rules on {@code baseUrl}, the tool's
     * acceptance of the token and its reading of what the selector names, within
     * {@code flowlens.connectors.test-timeout}. Without a token, the stored one of connector {@code id} is tried when
     * kind and baseUrl are unchanged (as a save keeps it). 200 with the checks, whatever they found; 400 for a
     * malformed input.
     */
    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TestResult> test(ConnectorInput in) {
        if (in == null) {
            throw new BadInputException("body", "a ConnectorInput JSON object is required");
        }
        ConnectorKind kind = ConnectorKind.parse(in.kind())
                .orElseThrow(() -> new BadInputException("kind", "must be one of " + kinds() + ", got '" + in.kind() + "'"));
        for (var f : new String[][] {{"baseUrl", in.baseUrl()}, {"selector", in.selector()}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new BadInputException(f[0], "is required");
            }
        }
        ConnectorSettings settings;
        try {
            settings = ConnectorSettings.fromJson(in.id() == null ? "(not saved)" : in.id(), kind,
                    in.name() == null ? "" : in.name().trim(), in.baseUrl().trim(), in.selector().trim(), in.settings());
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(e.getMessage());
        }
        return storedToken(in, kind).chain(token -> VertxContextSupport.executeBlocking(() -> {
            ConnectionTester.Result r = tester.test(settings, token.orElse(null));
            return new TestResult(r.ok(), r.checks());
        }));
    }

    /** The token to test: the input's, else the stored one of the same connector when kind and baseUrl stay. */
    private Uni<Optional<String>> storedToken(ConnectorInput in, ConnectorKind kind) {
        if (in.token() != null && !in.token().isBlank()) {
            return Uni.createFrom().item(Optional.of(in.token()));
        }
        if (in.id() == null || !secrets.ready()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.find(in.id()).chain(found -> {
            if (found.isEmpty() || found.get().settings().kind() != kind
                    || !found.get().settings().baseUrl().equals(in.baseUrl().trim())) {
                return Uni.createFrom().item(Optional.<String>empty());
            }
            return store.sealedToken(in.id()).map(sealed -> sealed.map(secrets::open));
        });
    }

    private static String kinds() {
        return String.join(", ", java.util.Arrays.stream(ConnectorKind.values()).map(Enum::name).toList());
    }

    /**
     * One page of a connector's runs, newest first ({@code syncRuns}): {@code {items, nextCursor, total}}; {@code after}
     * is the {@code nextCursor} of the page before. 400 for a {@code first} outside 1..100 or a foreign cursor.
     */
    @GET
    @Path("/{id}/sync-run-page")
    public Uni<Map<String, Object>> syncRunPage(@PathParam("id") String id, @QueryParam("first") Integer first,
            @QueryParam("after") String after) {
        int size = first == null ? 20 : first;
        if (size < 1 || size > 100) {
            throw new BadInputException("first", "must be 1..100, got " + size);
        }
        return store.find(id).chain(found -> {
            if (found.isEmpty()) {
                throw unknown(id);
            }
            Uni<SyncStore.RunPage> page;
            try {
                page = syncStore.page(id, size, after);
            } catch (IllegalArgumentException e) {
                throw BadInputException.of(e.getMessage());
            }
            return page.map(p -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("items", p.runs().stream().map(ConnectorAdminResource::runView).toList());
                m.put("nextCursor", p.nextCursor());
                m.put("total", p.total());
                return m;
            });
        });
    }

    /**
     * The connector's newest run with what it is doing ({@code syncProgress}): while RUNNING its phase, counts,
     * rate-limit wait and estimate; afterwards how it ended. 204 before its first run, 404 for an unknown connector.
     */
    @GET
    @Path("/{id}/sync-progress")
    public Uni<Response> syncProgress(@PathParam("id") String id) {
        return store.find(id).chain(found -> {
            if (found.isEmpty()) {
                throw unknown(id);
            }
            return syncStore.latest(id).map(run -> run.map(r -> Response.ok(runView(r)).build())
                    .orElseGet(() -> Response.noContent().build()));
        });
    }

    private static NotFoundException unknown(String id) {
        return new NotFoundException("no connector '" + id + "'");
    }

    /** The SyncRun JSON: schema.graphql's fields plus counts and progress; times as RFC 3339. */
    private static Map<String, Object> runView(SyncRun r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", r.id());
        m.put("connectorId", r.connectorId());
        m.put("startedAt", r.startedAt());
        m.put("status", r.status());
        m.put("trigger", r.trigger().name());
        m.put("finishedAt", r.finishedAt());
        m.put("pages", r.pages());
        m.put("items", r.items());
        m.put("stored", r.stored());
        m.put("events", r.events());
        m.put("progress", r.progress());
        m.put("error", r.error());
        SyncRun.Live live = r.live();
        m.put("requests", live.requests());
        m.put("rateLimitWaits", live.rateLimitWaits());
        if (live.phase() != null) {
            Map<String, Object> phase = new java.util.LinkedHashMap<>();
            int colon = live.phase().indexOf(':');
            phase.put("resource", live.phase());
            phase.put("name", colon < 0 ? live.phase() : live.phase().substring(0, colon));
            phase.put("scope", colon < 0 ? null : live.phase().substring(colon + 1));
            phase.put("endpoint", live.endpoint());
            phase.put("items", live.phaseItems());
            phase.put("total", live.phaseTotal());
            phase.put("startedAt", live.phaseStarted());
            phase.put("estimatedEnd", "RUNNING".equals(r.status()) ? live.phaseEstimatedEnd().orElse(null) : null);
            phase.values().removeIf(java.util.Objects::isNull);
            m.put("phase", phase);
        }
        if (live.waitUntil() != null && "RUNNING".equals(r.status())) {
            m.put("rateLimitWait", Map.of("reason", live.waitReason() == null ? "rate limit" : live.waitReason(), "until",
                    live.waitUntil()));
        }
        m.put("updatedAt", live.updatedAt());
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }

    private Connector view(ConnectorStore.Stored s) {
        var c = s.settings();
        String base = config.webhookBaseUrl().replaceAll("/+$", "");
        return new Connector(c.id(), c.kind().name(), c.name(), c.baseUrl(), c.selector(), s.lastSyncAt(), s.lastError(),
                base + "/webhooks/" + c.kind().pathName() + "/" + c.id(), c.settingsJson());
    }
}
