package dev.flowlens.metrics.calc;

import java.time.Instant;

/** The value of one bucket [start, end) of a series. */
public record SeriesPoint(Instant start, Instant end, double value) {
}
