package dev.flowlens.metrics.view;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the fact cache's first load has completed: before that, metrics would be slow. */
@Readiness
@ApplicationScoped
public class FactCacheReadiness implements HealthCheck {

    private final FactCache cache;

    public FactCacheReadiness(FactCache cache) {
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        ViewSnapshot s = cache.snapshot();
        return HealthCheckResponse.named("fact-cache").status(cache.ready())
                .withData("items", s.items()).withData("valueStreams", s.streams().size())
                .withData("polls", cache.pollCount()).build();
    }
}
