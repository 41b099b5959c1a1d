package dev.flowlens.ingest.connector.pull;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.outbound.AddressGuard;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Tests a connector without saving it (schema.graphql {@code testConnector}): the address rules on its
 * {@code baseUrl} ({@link AddressGuard}), then the tool's own checks ({@link ToolCheck}: credentials, selector),
 * within {@code flowlens.connectors.test-timeout}. Requests are not retried and rate limits are not sat out for
 * long: a test answers what the tool says now.
 */
@ApplicationScoped
public class ConnectionTester {

    /** The checks, in order; {@code ok} when every one passed. */
    public record Result(boolean ok, List<ToolCheck.Check> checks) {
    }

    private static final Logger LOG = Logger.getLogger(ConnectionTester.class);

    private final SyncConfig config;
    private final AddressGuard addresses;
    private final PullClock clock;
    private final Map<ConnectorKind, ToolCheck> checks = new EnumMap<>(ConnectorKind.class);
    private final ExecutorService workers;

    public ConnectionTester(SyncConfig config, AddressGuard addresses, PullClock clock, Instance<ToolCheck> toolChecks) {
        this.config = config;
        this.addresses = addresses;
        this.clock = clock;
        toolChecks.forEach(c -> checks.put(c.kind(), c));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "flowlens-connector-test-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /**
     * Runs the checks; blocks the calling (worker) thread for {@code test-timeout} at most.
     *
     * @param token the API token to try, or null when there is none
     */
    public Result test(ConnectorSettings settings, String token) {
        List<ToolCheck.Check> done = new CopyOnWriteArrayList<>();
        ToolCheck.Check address = address(settings.baseUrl());
        done.add(address);
        ToolCheck tool = checks.get(settings.kind());
        if (!address.ok()) {
            done.add(ToolCheck.Check.skipped("credentials", "the address is refused"));
        } else if (token == null || token.isBlank()) {
            done.add(new ToolCheck.Check("credentials", false, "no token given: the pull needs one (token)"));
        } else if (tool == null) {
            done.add(new ToolCheck.Check("credentials", false, "no connection test is built for " + settings.kind() + " connectors"));
        } else {
            runToolChecks(settings, token, tool, done);
        }
        List<ToolCheck.Check> all = new ArrayList<>(done);
        boolean ok = all.stream().allMatch(ToolCheck.Check::ok);
        LOG.infof("test of %s connector %s (%s): %s", settings.kind(), settings.id(), settings.baseUrl(),
                all.stream().map(c -> c.name() + (c.ok() ? " ok" : " failed")).toList());
        return new Result(ok, all);
    }

    private void runToolChecks(ConnectorSettings settings, String token, ToolCheck tool, List<ToolCheck.Check> done) {
        Duration timeout = config.testTimeout();
        Guard guard = Guard.create().withDescription("test of a " + settings.kind() + " connector")
                .withRetry().maxRetries(0).done().build();
        PullContext context = PullContext.forCheck(settings, token, config, guard, addresses, clock, timeout, timeout.dividedBy(5));
        List<ToolCheck.Check> toolDone = new CopyOnWriteArrayList<>();
        Future<?> running = workers.submit(() -> tool.check(context, toolDone));
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            done.addAll(toolDone);
        } catch (TimeoutException e) {
            running.cancel(true);
            done.addAll(toolDone);
            done.add(new ToolCheck.Check(toolDone.isEmpty() ? "credentials" : "selector", false,
                    "no answer within " + timeout.toSeconds() + " s (flowlens.connectors.test-timeout)"));
        } catch (ExecutionException e) {
            done.addAll(toolDone);
            Throwable cause = e.getCause();
            done.add(new ToolCheck.Check(toolDone.isEmpty() ? "credentials" : "selector", false,
                    cause instanceof PullFailure ? cause.getMessage() : "the test failed: " + cause.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            done.addAll(toolDone);
        }
    }

    private ToolCheck.Check address(String baseUrl) {
        String host;
        try {
            host = new URI(baseUrl.trim()).getHost();
        } catch (URISyntaxException e) {
            host = null;
        }
        if (host == null || !(baseUrl.trim().startsWith("https://") || baseUrl.trim().startsWith("http://"))) {
            return new ToolCheck.Check("address", false, "baseUrl is not an http(s) URL with a host: '" + baseUrl + "'");
        }
        try {
            addresses.checkHost(host);
            return new ToolCheck.Check("address", true, null);
        } catch (AddressGuard.Refused e) {
            return new ToolCheck.Check("address", false, e.getMessage());
        }
    }
}
