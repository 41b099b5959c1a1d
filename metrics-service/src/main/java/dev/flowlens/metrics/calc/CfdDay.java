package dev.flowlens.metrics.calc;

import java.time.Instant;
import java.util.List;

/** One day of a cumulative flow diagram: {@code day} is the UTC midnight that starts it. */
public record CfdDay(Instant day, List<StageCount> stages, int done) {
}
