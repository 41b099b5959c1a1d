package dev.flowlens.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts {@link IngestStub} on a free port and points the gateway's ingest client at it. */
public class IngestStubResource implements QuarkusTestResourceLifecycleManager {

    private IngestStub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new IngestStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IngestStub.current = stub;
        return Map.of("quarkus.rest-client.ingest.url", stub.url());
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
    }
}
