package dev.flowlens.metrics.calc;

import java.time.Instant;

/**
 * One confidence level of a forecast. "When": days, date = asOf + days, items = the asked itemCount. "How many":
 * items, date = the asked targetDate, days = the whole days from asOf to it.
 */
public record ForecastPoint(int confidence, Integer days, Instant date, Integer items) {
}
