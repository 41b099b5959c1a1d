package dev.flowlens.metrics.calc.fact;

import java.time.Instant;

/** One {@code workitem.transitioned} fact; {@code eventId} is the CloudEvents id, used to drop duplicates. */
public record Transition(String eventId, String fromStatus, String toStatus, Instant at) {
}
