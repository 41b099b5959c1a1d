package dev.flowlens.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Period;

/** Limits the gateway enforces on GraphQL arguments before asking metrics-service. */
@ConfigMapping(prefix = "flowlens.gateway")
public interface GatewayConfig {

    /** Longest window (to - from) a metric query may span, as an ISO-8601 period. */
    @WithDefault("P2Y")
    Period maxWindowSpan();

    /** Largest `first` of `workItems`: one page never holds more items than this. */
    @WithDefault("500")
    int maxPageSize();

    /** Largest number of Monte Carlo trials an admin's forecast may ask for (`runs`). */
    @WithDefault("100000")
    int maxForecastRuns();

    /** Largest number of Monte Carlo trials a viewer's forecast may ask for (`runs`); the default runs. */
    @WithDefault("10000")
    int maxForecastRunsViewer();

    /** Longest horizon of an admin's forecast, in days: the furthest `targetDate`, and where a "when" trial stops. */
    @WithDefault("3650")
    int maxForecastHorizonDays();

    /** Longest horizon of a viewer's forecast, in days (as {@link #maxForecastHorizonDays()}). */
    @WithDefault("730")
    int maxForecastHorizonDaysViewer();

    /** Most random draws one forecast may cost per stream: `runs` x days of horizon. */
    @WithDefault("100000000")
    long maxForecastDraws();

    /** Largest `historyDays` a forecast may sample from. */
    @WithDefault("730")
    int maxForecastHistoryDays();

    /** Most top-level fields (aliases included) one operation may ask for; each is an internal call. */
    @WithDefault("10")
    int maxRootFields();
}
