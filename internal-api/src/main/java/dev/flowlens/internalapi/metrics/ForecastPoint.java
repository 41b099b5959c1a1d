package dev.flowlens.internalapi.metrics;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

/** One confidence level of a Monte Carlo forecast. */
@Description("One confidence level of a forecast: days and date (\"when\") or items (\"how many\").")
public record ForecastPoint(
        @Description("Confidence in percent (50, 85, 95).") int confidence,
        @Description("Days needed (\"when will N items be done\").") Integer days,
        @Description("Date reached (\"when\").") Instant date,
        @Description("Items done by the target date (\"how many\").") Integer items) {
}
