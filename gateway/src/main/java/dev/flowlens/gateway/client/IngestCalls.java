package dev.flowlens.gateway.client;

import dev.flowlens.gateway.client.IngestErrorMapper.IngestServiceFailure;
import dev.flowlens.gateway.graphql.input.ConnectorInput;
import dev.flowlens.gateway.graphql.type.Connector;
import dev.flowlens.gateway.graphql.type.ConnectorTest;
import dev.flowlens.gateway.graphql.type.SyncRun;
import dev.flowlens.gateway.graphql.type.SyncRunPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The REST calls to ingest-service with their fault tolerance, as {@link MetricsCalls} for
 * metrics-service: the list is retried on a 5xx, a connection failure or a timeout; a save
 * (a retried PUT without id would create a second connector) and a sync (a retried start
 * would answer 409 for the run the first try started) run once.
 */
@ApplicationScoped
@Timeout(value = 15, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100,
        retryOn = { IngestServiceFailure.class, ProcessingException.class, TimeoutException.class })
class IngestCalls {

    private final IngestApi api;

    IngestCalls(@RestClient IngestApi api) {
        this.api = api;
    }

    List<Connector> connectors() {
        return api.connectors();
    }

    @Retry(maxRetries = 0)
    Connector saveConnector(ConnectorInput input) {
        return api.saveConnector(input);
    }

    @Retry(maxRetries = 0)
    SyncRun syncConnector(String id) {
        return api.syncConnector(id);
    }

    /** Runs as long as ingest-service's test (flowlens.connectors.test-timeout, 20 s by default) and a margin; once. */
    @Retry(maxRetries = 0)
    @Timeout(value = 45, unit = ChronoUnit.SECONDS)
    ConnectorTest testConnector(ConnectorInput input) {
        return api.testConnector(input);
    }

    SyncRunPage syncRuns(String id, int first, String after) {
        return api.syncRuns(id, first, after);
    }

    SyncRun syncProgress(String id) {
        return api.syncProgress(id);
    }

    /** Once: a retry after a lost answer would say false for the connector the first try deleted. */
    @Retry(maxRetries = 0)
    IngestApi.Deleted deleteConnector(String id) {
        return api.deleteConnector(id);
    }
}
