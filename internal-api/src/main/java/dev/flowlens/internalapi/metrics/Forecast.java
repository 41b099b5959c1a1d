package dev.flowlens.internalapi.metrics;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A Monte Carlo forecast. */
@Description("A Monte Carlo forecast from the stream's daily velocity history.")
public record Forecast(
        @NonNull @Description("One point per confidence level; empty when no forecast is possible.") List<@NonNull ForecastPoint> points,
        @Description("Why there is no forecast (e.g. no items finished in the history), else null.") String reason) {

    public Forecast {
        points = Lists.orEmpty(points);
    }
}
