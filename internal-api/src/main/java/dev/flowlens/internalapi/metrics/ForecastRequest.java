package dev.flowlens.internalapi.metrics;

import java.util.List;

/**
 * A forecast request for several streams. {@code horizonDays} (null: metrics-service's longest, 3,650) is the longest
 * horizon: a "when" trial stops there, a targetDate must lie within it; the gateway shortens it for viewers.
 */
public record ForecastRequest(List<String> valueStreamIds, ForecastInput forecast, Integer horizonDays) {
}
