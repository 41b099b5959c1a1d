package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import java.util.List;

/** A request for the aging work of several streams as of an instant (null: now). */
public record AgingRequest(List<String> valueStreamIds, Instant asOf) {
}
