package dev.flowlens.gateway.client;

import dev.flowlens.gateway.graphql.AgingItem;
import dev.flowlens.gateway.graphql.BadUserInputException;
import dev.flowlens.gateway.graphql.CfdDay;
import dev.flowlens.gateway.graphql.DoraMetrics;
import dev.flowlens.gateway.graphql.FlowMetrics;
import dev.flowlens.gateway.graphql.Forecast;
import dev.flowlens.gateway.graphql.ForecastInput;
import dev.flowlens.gateway.graphql.StageMetrics;
import dev.flowlens.gateway.graphql.UnavailableException;
import dev.flowlens.gateway.graphql.ValueStream;
import dev.flowlens.gateway.graphql.ValueStreamInput;
import dev.flowlens.gateway.graphql.WindowInput;
import dev.flowlens.gateway.graphql.WorkItemPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The gateway's view of metrics-service. Every failure leaves here as either a
 * {@link BadUserInputException} (metrics-service's 400 message, for the user) or an
 * {@link UnavailableException} ("metrics-service unavailable"); details go to the log only.
 * Metric calls are batched: one call answers many value streams, keyed by id.
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

    /** The stream, or empty when metrics-service does not know the id. */
    public Optional<ValueStream> valueStream(String id) {
        try {
            return Optional.ofNullable(translate("get value stream", () -> calls.valueStream(id)));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    public ValueStream saveValueStream(ValueStreamInput input) {
        return translate("save value stream", () -> calls.saveValueStream(input));
    }

    public boolean deleteValueStream(String id) {
        MetricsApi.Deleted answer = translate("delete value stream", () -> calls.deleteValueStream(id));
        return answer != null && answer.deleted();
    }

    public Map<String, FlowMetrics> flow(List<String> ids, WindowInput window) {
        return translate("flow metrics", () -> calls.flow(new MetricsRequests.Windowed(ids, window)));
    }

    public Map<String, List<StageMetrics>> stages(List<String> ids, WindowInput window) {
        return translate("stage metrics", () -> calls.stages(new MetricsRequests.Windowed(ids, window)));
    }

    public Map<String, List<CfdDay>> cumulativeFlow(List<String> ids, WindowInput window) {
        return translate("cumulative flow", () -> calls.cumulativeFlow(new MetricsRequests.Windowed(ids, window)));
    }

    public Map<String, List<AgingItem>> agingWip(List<String> ids, Instant asOf) {
        return translate("aging WIP", () -> calls.agingWip(new MetricsRequests.AgingWip(ids, asOf)));
    }

    public Map<String, DoraMetrics> dora(List<String> ids, WindowInput window) {
        return translate("DORA metrics", () -> calls.dora(new MetricsRequests.Windowed(ids, window)));
    }

    public Map<String, Forecast> forecast(List<String> ids, ForecastInput input) {
        return translate("forecast", () -> calls.forecast(new MetricsRequests.Forecast(ids, input)));
    }

    public Map<String, WorkItemPage> workItems(List<String> ids, int first, String after, boolean unfinishedOnly) {
        return translate("work items",
                () -> calls.workItems(new MetricsRequests.WorkItems(ids, first, after, unfinishedOnly)));
    }

    private static <T> T translate(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (BadUserInputException e) {
            throw e;
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw new NotFound();
            }
            throw unavailable(what, e);
        } catch (RuntimeException e) {
            // 5xx, refused connection, timeout, open circuit, no service token, unreadable answer
            throw unavailable(what, e);
        }
    }

    private static UnavailableException unavailable(String what, RuntimeException cause) {
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
