package dev.flowlens.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts {@link MetricsStub} on a free port and points the gateway's metrics client at it. */
public class MetricsStubResource implements QuarkusTestResourceLifecycleManager {

    private MetricsStub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new MetricsStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MetricsStub.current = stub;
        return Map.of("quarkus.rest-client.metrics.url", stub.url());
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
    }
}
