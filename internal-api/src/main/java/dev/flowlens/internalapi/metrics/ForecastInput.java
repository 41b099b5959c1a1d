package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/** What to forecast: give exactly one of itemCount and targetDate. */
@Description("A Monte Carlo forecast request: give exactly one of itemCount (\"when\") and targetDate (\"how many\").")
@Input("ForecastInput")
public record ForecastInput(
        @Description("\"When will this many items be done?\"") Integer itemCount,
        @Description("\"How many items will be done by this date?\"") Instant targetDate,
        @DefaultValue("90") @Description("Whole UTC days of velocity history to sample; default 90.") Integer historyDays,
        @DefaultValue("10000") @Description("Monte Carlo trials; default 10000.") Integer runs,
        @Description("Random seed, for a repeatable forecast.") Integer seed) {

    public ForecastInput {
        historyDays = historyDays == null ? 90 : historyDays;
        runs = runs == null ? 10000 : runs;
    }
}
