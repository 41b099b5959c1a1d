package dev.flowlens.metrics.calc;

import java.time.Instant;

/** What to forecast: exactly one of itemCount ("when") and targetDate ("how many"). Nulls take the defaults. */
public record ForecastInput(Integer itemCount, Instant targetDate, Integer historyDays, Integer runs, Integer seed) {
}
