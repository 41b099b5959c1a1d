package dev.flowlens.metrics.calc.fact;

import java.time.Instant;

/** A submitted review of a change ({@code change.reviewed}); {@code state} is the event's wire name. */
public record ReviewFact(String reviewId, String changeId, String repository, String reviewer, String state,
        Instant submittedAt) {
}
