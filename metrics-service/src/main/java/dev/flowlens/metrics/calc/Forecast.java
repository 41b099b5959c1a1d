package dev.flowlens.metrics.calc;

import java.util.List;

/** Forecast points for 50, 85 and 95 % confidence, or no points and the reason why. */
public record Forecast(List<ForecastPoint> points, String reason) {
}
