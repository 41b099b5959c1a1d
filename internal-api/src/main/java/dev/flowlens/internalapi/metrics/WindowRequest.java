package dev.flowlens.internalapi.metrics;

import java.util.List;

/** A request for windowed metrics (flow, stages, cumulative flow, DORA) of several streams. */
public record WindowRequest(List<String> valueStreamIds, WindowInput window) {
}
