package dev.flowlens.gateway.client;

import dev.flowlens.gateway.graphql.error.BadUserInputException;
import dev.flowlens.gateway.graphql.error.UnavailableException;
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
import dev.flowlens.internalapi.metrics.ForecastInput;
import dev.flowlens.internalapi.metrics.ForecastRequest;
import dev.flowlens.internalapi.metrics.ProductionFlow;
import dev.flowlens.internalapi.metrics.StageMetrics;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.ValueStreamInput;
import dev.flowlens.internalapi.metrics.WindowInput;
import dev.flowlens.internalapi.metrics.WindowRequest;
import dev.flowlens.internalapi.metrics.WorkItemPage;
import dev.flowlens.internalapi.metrics.WorkItemsRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The gateway's view of metrics-service. Every failure leaves here as either a
 * {@link BadUserInputException} (metrics-service's 400 message, for the user) or an
 * {@link UnavailableException} ("metrics-service unavailable"); details go to the log only.
 * Metric calls are batched: one call answers many value streams, keyed by id. They are
 * non-blocking and fail with the same two exceptions, as a failed {@link Uni}.
 */
@ApplicationScoped
public class MetricsClient {

    static final String UNAVAILABLE = "metrics-service unavailable";
    private static final Logger LOG = Logger.getLogger(MetricsClient.class);

    private final MetricsCalls calls;

    MetricsClient(MetricsCalls calls) {
        this.calls = calls;
    }

    public List<ValueStream> valueStreams() {
        return translate("list value streams", calls::valueStreams);
    }

    /** The stream, or empty when metrics-service does not know the id; without blocking a thread. */
    public Uni<Optional<ValueStream>> valueStreamAsync(String id) {
        return Uni.createFrom().<ValueStream>deferred(() -> calls.valueStreamAsync(id))
                .map(Optional::ofNullable)
                .onFailure().recoverWithUni(failure -> {
                    RuntimeException e = translated("get value stream", failure);
                    return e instanceof NotFound ? Uni.createFrom().item(Optional.<ValueStream>empty())
                            : Uni.createFrom().failure(e);
                });
    }

    public ValueStream saveValueStream(ValueStreamInput input) {
        return translate("save value stream", () -> calls.saveValueStream(input));
    }

    public boolean deleteValueStream(String id) {
        MetricsApi.Deleted answer = translate("delete value stream", () -> calls.deleteValueStream(id));
        return answer != null && answer.deleted();
    }

    /** Every notifier, without secrets. */
    public List<Notifier> notifiers() {
        return translate("list notifiers", calls::notifiers);
    }

    public Notifier saveNotifier(NotifierInput input) {
        return translate("save notifier", () -> calls.saveNotifier(input));
    }

    public boolean deleteNotifier(String id) {
        MetricsApi.Deleted answer = translate("delete notifier", () -> calls.deleteNotifier(id));
        return answer != null && answer.deleted();
    }

    /** The oldest dead letters of metrics-service, at most {@code limit}; they stay in the queue. */
    public List<DeadLetter> deadLetters(int limit) {
        return translate("list dead letters", () -> calls.deadLetters(limit));
    }

    /** Re-drives at most {@code limit} dead letters, oldest first. */
    public DeadLetterRedrive redriveDeadLetters(int limit) {
        return translate("re-drive dead letters", () -> calls.redriveDeadLetters(limit));
    }

    public Uni<Map<String, FlowMetrics>> flow(List<String> ids, WindowInput window) {
        return translateAsync("flow metrics", () -> calls.flow(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, List<StageMetrics>>> stages(List<String> ids, WindowInput window) {
        return translateAsync("stage metrics", () -> calls.stages(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, List<CfdDay>>> cumulativeFlow(List<String> ids, WindowInput window) {
        return translateAsync("cumulative flow",
                () -> calls.cumulativeFlow(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, List<AgingItem>>> agingWip(List<String> ids, Instant asOf) {
        return translateAsync("aging WIP", () -> calls.agingWip(new AgingRequest(ids, asOf)));
    }

    public Uni<Map<String, DoraMetrics>> dora(List<String> ids, WindowInput window) {
        return translateAsync("DORA metrics", () -> calls.dora(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, List<DeploymentView>>> deploymentsList(List<String> ids, WindowInput window) {
        return translateAsync("deployments list", () -> calls.deploymentsList(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, List<ChangeView>>> changesList(List<String> ids, WindowInput window) {
        return translateAsync("changes list", () -> calls.changesList(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, DeliveryMetrics>> delivery(List<String> ids, WindowInput window) {
        return translateAsync("delivery metrics", () -> calls.delivery(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, ProductionFlow>> toProduction(List<String> ids, WindowInput window) {
        return translateAsync("idea to production", () -> calls.toProduction(new WindowRequest(ids, window)));
    }

    /** Forecasts of the streams, each within {@code horizonDays} (the caller's, see ArgumentRules). */
    public Uni<Map<String, Forecast>> forecast(List<String> ids, ForecastInput input, int horizonDays) {
        return translateAsync("forecast",
                () -> calls.forecast(new ForecastRequest(ids, input, horizonDays)));
    }

    public Uni<Map<String, WorkItemPage>> workItems(List<String> ids, int first, String after,
            boolean unfinishedOnly) {
        return translateAsync("work items",
                () -> calls.workItems(new WorkItemsRequest(ids, first, after, unfinishedOnly)));
    }

    public Uni<Map<String, List<FinishedItem>>> finishedItems(List<String> ids, WindowInput window) {
        return translateAsync("finished items", () -> calls.finishedItems(new WindowRequest(ids, window)));
    }

    public Uni<Map<String, List<Alert>>> alerts(List<String> ids, WindowInput window) {
        return translateAsync("alerts", () -> calls.alerts(new WindowRequest(ids, window)));
    }

    private static <T> T translate(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translated(what, e);
        }
    }

    /** As {@link #translate}, for a non-blocking call: the same failures, as a failed {@link Uni}. */
    private static <T> Uni<T> translateAsync(String what, Supplier<Uni<? extends T>> call) {
        return Uni.createFrom().<T>deferred(call).onFailure().transform(e -> translated(what, e));
    }

    private static RuntimeException translated(String what, Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof BadUserInputException badInput) {
            return badInput;
        }
        if (e instanceof WebApplicationException web && web.getResponse() != null
                && web.getResponse().getStatus() == 404) {
            return new NotFound();
        }
        // 5xx, refused connection, timeout, open circuit, no service token, unreadable answer
        return unavailable(what, e);
    }

    private static UnavailableException unavailable(String what, Throwable cause) {
        LOG.errorf(cause, "%s: %s failed", UNAVAILABLE, what);
        return new UnavailableException(UNAVAILABLE, cause);
    }

    /** 404 from GET by id: the id is unknown, which is an answer, not a failure. */
    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}
