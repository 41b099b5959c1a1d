package dev.flowlens.metrics.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds on the forecasts of {@code POST /internal/v1/metrics/forecast}. */
@ConfigMapping(prefix = "flowlens.forecast")
public interface ForecastConfig {

    /**
     * Longest a forecast request may compute (all its streams together) before it is abandoned with a 400 naming the
     * knobs to turn; under the gateway's 15 s call timeout, so the caller hears why instead of timing out.
     */
    @WithDefault("10s")
    Duration maxDuration();
}
