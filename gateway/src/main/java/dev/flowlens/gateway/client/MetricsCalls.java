package dev.flowlens.gateway.client;

import dev.flowlens.gateway.client.MetricsErrorMapper.MetricsServiceFailure;
import dev.flowlens.internalapi.metrics.AgingItem;
import dev.flowlens.internalapi.metrics.AgingRequest;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.CfdDay;
import dev.flowlens.internalapi.metrics.DeadLetter;
import dev.flowlens.internalapi.metrics.DeadLetterRedrive;
import dev.flowlens.internalapi.metrics.ChangeView;
import dev.flowlens.internalapi.metrics.DeploymentView;
import dev.flowlens.internalapi.metrics.DeliveryMetrics;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.FinishedItem;
import dev.flowlens.internalapi.metrics.FlowMetrics;
import dev.flowlens.internalapi.metrics.Notifier;
import dev.flowlens.internalapi.metrics.NotifierInput;
import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastRequest;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.ValueStreamInput;
import dev.flowlens.internalapi.metrics.WindowRequest;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import dev.flowlens.internalapi.metrics.WorkItemsRequest;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
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
 * <p>
 * The metric reads return {@link Uni} and are {@link AsynchronousNonBlocking}: timeout and
 * retries run on the async path (a retry re-invokes the method, so it sends a new request;
 * the delay between tries is a timer, not a sleeping thread).
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

    @AsynchronousNonBlocking
    Uni<ValueStream> valueStreamAsync(String id) {
        return api.valueStreamAsync(id);
    }

    @Retry(maxRetries = 0)
    ValueStream saveValueStream(ValueStreamInput input) {
        return api.saveValueStream(input);
    }

    @Retry(maxRetries = 0)
    MetricsApi.Deleted deleteValueStream(String id) {
        return api.deleteValueStream(id);
    }

    List<Notifier> notifiers() {
        return api.notifiers();
    }

    @Retry(maxRetries = 0)
    Notifier saveNotifier(NotifierInput input) {
        return api.saveNotifier(input);
    }

    @Retry(maxRetries = 0)
    MetricsApi.Deleted deleteNotifier(String id) {
        return api.deleteNotifier(id);
    }

    List<DeadLetter> deadLetters(int limit) {
        return api.deadLetters(limit);
    }

    /** Once: a re-drive whose answer was lost may have moved the letters already. */
    @Retry(maxRetries = 0)
    DeadLetterRedrive redriveDeadLetters(int limit) {
        return api.redriveDeadLetters(limit);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, FlowMetrics>> flow(WindowRequest request) {
        return api.flow(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, List<StageMetrics>>> stages(WindowRequest request) {
        return api.stages(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, List<CfdDay>>> cumulativeFlow(WindowRequest request) {
        return api.cumulativeFlow(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, List<AgingItem>>> agingWip(AgingRequest request) {
        return api.agingWip(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, DoraMetrics>> dora(WindowRequest request) {
        return api.dora(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, List<DeploymentView>>> deploymentsList(WindowRequest request) {
        return api.deploymentsList(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, List<ChangeView>>> changesList(WindowRequest request) {
        return api.changesList(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, DeliveryMetrics>> delivery(WindowRequest request) {
        return api.delivery(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, ProductionFlow>> toProduction(WindowRequest request) {
        return api.toProduction(request);
    }

    /**
     * Not retried after a timeout: a forecast that took that long would take as long again (metrics-service stops
     * the timed-out one when the call is cancelled, and stops any forecast itself after 10 s with a 400 saying why).
     */
    @AsynchronousNonBlocking
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            retryOn = { MetricsServiceFailure.class, ProcessingException.class })
    Uni<Map<String, Forecast>> forecast(ForecastRequest request) {
        return api.forecast(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, WorkItemPage>> workItems(WorkItemsRequest request) {
        return api.workItems(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, List<FinishedItem>>> finishedItems(WindowRequest request) {
        return api.finishedItems(request);
    }

    @AsynchronousNonBlocking
    Uni<Map<String, List<Alert>>> alerts(WindowRequest request) {
        return api.alerts(request);
    }
}
