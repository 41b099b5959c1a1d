package dev.flowlens.gateway.client;

import dev.flowlens.gateway.graphql.input.WindowInput;
import dev.flowlens.internalapi.metrics.ForecastInput;
import java.time.Instant;
import java.util.List;

/** Bodies of the batched metric calls: the stream ids plus each call's own arguments. */
final class MetricsRequests {

    private MetricsRequests() {
    }

    record Windowed(List<String> valueStreamIds, WindowInput window) {
    }

    record AgingWip(List<String> valueStreamIds, Instant asOf) {
    }

    record Forecast(List<String> valueStreamIds, ForecastInput forecast, int horizonDays) {
    }

    record WorkItems(List<String> valueStreamIds, int first, String after, boolean unfinishedOnly) {
    }
}
