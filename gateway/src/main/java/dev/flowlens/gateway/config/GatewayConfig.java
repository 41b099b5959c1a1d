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

    /** Largest number of Monte Carlo trials a forecast may ask for (`runs`). */
    @WithDefault("100000")
    int maxForecastRuns();

    /** Largest `historyDays` a forecast may sample from. */
    @WithDefault("730")
    int maxForecastHistoryDays();

    /** Most top-level fields (aliases included) one operation may ask for; each is an internal call. */
    @WithDefault("10")
    int maxRootFields();
}
