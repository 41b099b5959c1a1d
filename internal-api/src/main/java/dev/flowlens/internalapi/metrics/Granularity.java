package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** Bucket size of a metric series. */
@Description("Bucket size of a metric series (UTC): DAY, WEEK (starting Monday 00:00) or calendar MONTH.")
public enum Granularity {
    @Description("One UTC day.")
    DAY,
    @Description("One week starting Monday 00:00 UTC.")
    WEEK,
    @Description("One calendar month in UTC.")
    MONTH
}
