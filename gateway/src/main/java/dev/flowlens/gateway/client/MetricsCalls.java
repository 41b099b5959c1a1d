package dev.flowlens.gateway.client;

import dev.flowlens.gateway.client.MetricsErrorMapper.MetricsServiceFailure;
import dev.flowlens.gateway.graphql.AgingItem;
import dev.flowlens.gateway.graphql.CfdDay;
import dev.flowlens.gateway.graphql.DoraMetrics;
import dev.flowlens.gateway.graphql.FlowMetrics;
import dev.flowlens.gateway.graphql.Forecast;
import dev.flowlens.gateway.graphql.StageMetrics;
import dev.flowlens.gateway.graphql.ValueStream;
import dev.flowlens.gateway.graphql.ValueStreamInput;
import dev.flowlens.gateway.graphql.WorkItemPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The REST calls with their fault tolerance. Reads are idempotent, so a 5xx, a connection
 * failure or a timeout is retried; saves and deletes run once (a retried PUT without id
 * would create a second stream). Kept apart from {@link MetricsClient} so that the
 * exceptions the fault-tolerance interceptor throws (timeouts) reach its translation.
 * Timeout and retry values can be tuned with MicroProfile Fault Tolerance properties, e.g.
 * {@code dev.flowlens.gateway.client.MetricsCalls/Timeout/value}.
 */
@ApplicationScoped
@Timeout(value = 15, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100,
        retryOn = { MetricsServiceFailure.class, ProcessingException.class, TimeoutException.class })
class MetricsCalls {

    private final MetricsApi api;

    MetricsCalls(@RestClient MetricsApi api) {
        this.api = api;
    }

    List<ValueStream> valueStreams() {
        return api.valueStreams();
    }

    ValueStream valueStream(String id) {
        return api.valueStream(id);
    }

    @Retry(maxRetries = 0)
    ValueStream saveValueStream(ValueStreamInput input) {
        return api.saveValueStream(input);
    }

    @Retry(maxRetries = 0)
    MetricsApi.Deleted deleteValueStream(String id) {
        return api.deleteValueStream(id);
    }

    Map<String, FlowMetrics> flow(MetricsRequests.Windowed request) {
        return api.flow(request);
    }

    Map<String, List<StageMetrics>> stages(MetricsRequests.Windowed request) {
        return api.stages(request);
    }

    Map<String, List<CfdDay>> cumulativeFlow(MetricsRequests.Windowed request) {
        return api.cumulativeFlow(request);
    }

    Map<String, List<AgingItem>> agingWip(MetricsRequests.AgingWip request) {
        return api.agingWip(request);
    }

    Map<String, DoraMetrics> dora(MetricsRequests.Windowed request) {
        return api.dora(request);
    }

    Map<String, Forecast> forecast(MetricsRequests.Forecast request) {
        return api.forecast(request);
    }

    Map<String, WorkItemPage> workItems(MetricsRequests.WorkItems request) {
        return api.workItems(request);
    }
}
